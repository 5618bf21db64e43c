// Spec 1: an administrator adds a unit under a town and a point in it, sees
// both listed, and signs out.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, login, logout, shot, apiFetch, pickUnit, uniqueSuffix } from './lib.mjs'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

test('admin adds a unit under a town and a point in it', async () => {
  const { context, page } = await newPage(browser)
  await login(page, 'admin')
  await page.locator('[data-test=welcome]').waitFor()
  await shot(page, '01-admin-home')

  // A town from the demo data, through the same API the page uses.
  const towns = await apiFetch(page, 'GET', '/api/v1/org/units?level=town&active=true&page_size=1')
  assert.equal(towns.status, 200, JSON.stringify(towns.json))
  assert.ok(towns.json.items.length > 0, 'the demo data has a town')
  const town = towns.json.items[0]

  await page.locator('[data-menu="/org/units"]').click()
  await page.waitForURL('**/org/units')
  const tree = page.locator('[data-test=unit-tree]')
  await tree.locator('.el-tree-node__content', { hasText: town.name }).first().click()
  await page.locator('[data-test=unit-selected]', { hasText: town.name }).waitFor()

  const suffix = uniqueSuffix()
  const name = `测试社区${suffix}`
  // A community's division code extends its town's: 9 digits of the town, 3 of its own.
  const own = String(100 + (Date.now() % 900))
  const townPrefix = /^\d{9}(\d{3})?$/.test(town.code) ? town.code.slice(0, 9) : null
  const code = townPrefix ? `${townPrefix}${own}` : String(Date.now()).slice(-12)
  await page.locator('[data-test=unit-add-child]').click()
  const dialog = page.locator('.el-dialog[data-test=unit-dialog], [data-test=unit-dialog]').filter({ visible: true }).first()
  await dialog.waitFor()
  await dialog.locator('[data-test=unit-code]').fill(code)
  await dialog.locator('[data-test=unit-name]').fill(name)
  await shot(page, '01-unit-dialog')
  await dialog.locator('[data-test=unit-save]').click()
  await page.locator('.el-message--success').first().waitFor()
  await page.locator('[data-test=unit-selected]', { hasText: name }).waitFor()
  await tree.locator('.el-tree-node__content', { hasText: name }).first().waitFor()
  await shot(page, '01-unit-created')

  // A point in the new unit.
  await page.locator('[data-menu="/org/points"]').click()
  await page.waitForURL('**/org/points')
  await page.locator('[data-test=point-add]').click()
  const pdialog = page.locator('[data-test=point-dialog]').filter({ visible: true }).first()
  await pdialog.waitFor()
  const pointName = `测试卡点${suffix}`
  await pdialog.locator('[data-test=point-name]').fill(pointName)
  await pickUnit(page, pdialog, name)
  await pdialog.locator('[data-test=point-place]').fill('测试路与测试大道交叉口')
  await pdialog.locator('[data-test=point-save]').click()
  await page.locator('.el-message--success').first().waitFor()
  await pdialog.waitFor({ state: 'hidden' })

  await page.locator('[data-test=filter-q]').fill(pointName)
  await page.locator('[data-test=search]').click()
  const row = page.locator('[data-test=point-table] .el-table__body tr', { hasText: pointName })
  await row.first().waitFor()
  assert.ok(await row.first().textContent().then((t) => t.includes(name)), 'the point row names its unit')
  await shot(page, '01-point-listed')

  await logout(page)
  await page.locator('[data-test=login-submit]').waitFor()
  const me = await apiFetch(page, 'GET', '/api/v1/auth/me')
  assert.equal(me.status, 401, 'the session is gone after logout')
  await shot(page, '01-logged-out')
  await context.close()
})
