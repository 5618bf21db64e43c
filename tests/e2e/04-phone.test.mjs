// Spec 4: on a phone-sized screen the login works and the menu opens as a drawer.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, login, shot } from './lib.mjs'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

test('phone viewport: login and menu', async () => {
  const { context, page } = await newPage(browser, {
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  })
  await page.goto('/login')
  await page.locator('[data-test=login-submit]').waitFor()
  await shot(page, '04-phone-login')
  await login(page, 'admin')
  await page.locator('[data-test=welcome]').waitFor()
  // The side menu is folded away on a narrow screen.
  assert.equal(await page.locator('.el-aside').count(), 0)
  assert.equal(await page.locator('[data-menu="/org/points"]').isVisible(), false)
  await shot(page, '04-phone-home')

  await page.locator('[data-test=menu-toggle]').click()
  const item = page.locator('[data-menu="/org/points"]:visible')
  await item.waitFor()
  await shot(page, '04-phone-menu')
  await item.click()
  await page.waitForURL('**/org/points')
  await page.locator('[data-test=point-table]').waitFor()
  await page.locator('.el-drawer').waitFor({ state: 'hidden' })
  // Nothing wider than the screen except the table's own scroll area.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  assert.ok(overflow <= 1, `page is ${overflow}px wider than the screen`)
  await shot(page, '04-phone-points')
  await context.close()
})
