// Spec 3: switch the interface to English and back; the choice is kept across reloads.
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

async function chooseLanguage(page, which) {
  await page.locator('[data-test=lang-switch]').click()
  await page.locator(`[data-test=lang-${which}]:visible`).click()
}

test('language switch to English and back', async () => {
  const { context, page } = await newPage(browser)
  await login(page, 'admin')
  await page.goto('/org/units')
  await page.locator('[data-test=unit-tree]').waitFor()
  assert.ok(await page.locator('.el-menu').getByText('组织机构').isVisible())
  await shot(page, '03-chinese')

  await chooseLanguage(page, 'en')
  await page.locator('.el-menu').getByText('Organisation').waitFor()
  assert.ok(await page.locator('.page-title', { hasText: 'Organisation' }).isVisible())
  assert.equal(await page.evaluate(() => localStorage.getItem('fk_locale')), 'en')
  await page.reload()
  await page.locator('.el-menu').getByText('Units').waitFor()
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en')
  await shot(page, '03-english')

  await chooseLanguage(page, 'zh')
  await page.locator('.el-menu').getByText('组织机构').waitFor()
  assert.equal(await page.evaluate(() => localStorage.getItem('fk_locale')), 'zh-CN')
  await shot(page, '03-back-to-chinese')
  await context.close()
})
