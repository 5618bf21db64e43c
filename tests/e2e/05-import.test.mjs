// Spec 5: import points from a spreadsheet: problems are shown with their
// spreadsheet row numbers and nothing is submitted; a clean sheet imports.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, login, shot, apiFetch, uniqueSuffix } from './lib.mjs'
import { makeXlsx } from './xlsx.mjs'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

test('import points: dry run shows problems by row, then a clean sheet imports', async () => {
  const { context, page } = await newPage(browser)
  await login(page, 'admin')
  const towns = await apiFetch(page, 'GET', '/api/v1/org/units?level=town&active=true&page_size=1')
  assert.equal(towns.status, 200)
  const unit = towns.json.items[0]
  const suffix = uniqueSuffix()

  await page.goto('/org/points')
  await page.locator('[data-test=point-table]').waitFor()
  await page.locator('[data-test=point-import]').click()
  const dialog = page.locator('[data-test=import-dialog]').filter({ visible: true }).first()
  await dialog.waitFor()

  // Row 2 is fine, row 3 has an unknown kind, row 4 an unknown unit code.
  const bad = makeXlsx([
    ['卡点名称', '类型', '单位编码', '位置'],
    [`导入卡点A${suffix}`, '卡口', unit.code, '测试路口'],
    [`导入卡点B${suffix}`, '不存在的类型', unit.code, '测试路口'],
    [`导入卡点C${suffix}`, '社区/小区门岗', 'NO-SUCH-UNIT', '测试小区'],
  ])
  await dialog.locator('[data-test=import-file]').setInputFiles({ name: 'points.xlsx', mimeType: XLSX, buffer: bad })
  await dialog.locator('[data-test=import-check]').waitFor()
  await shot(page, '05-import-mapping')
  await dialog.locator('[data-test=import-check]').click()
  const problems = dialog.locator('[data-test=import-problems] .el-table__body tr')
  await problems.first().waitFor()
  const rows = await problems.evaluateAll((trs) => trs.map((tr) => tr.querySelector('td')?.textContent?.trim()))
  assert.ok(rows.includes('3'), `row 3 is reported: ${rows}`)
  assert.ok(rows.includes('4'), `row 4 is reported: ${rows}`)
  assert.ok(!rows.includes('2'), `row 2 is fine: ${rows}`)
  assert.equal(await dialog.locator('[data-test=import-submit]').isDisabled(), true)
  await shot(page, '05-import-problems')

  // Nothing was written by the dry run.
  const none = await apiFetch(page, 'GET', `/api/v1/org/points?q=${encodeURIComponent(`导入卡点A${suffix}`)}`)
  assert.equal(none.json.items.length, 0)

  // A clean sheet (English headers, in another order) imports.
  await dialog.getByRole('button', { name: '重新选择' }).click()
  const good = makeXlsx([
    ['kind', 'name', 'unit code', 'place', 'lat', 'lng'],
    ['checkpoint', `导入卡点A${suffix}`, unit.code, '测试路口', 34.4, 113.7],
    ['community_gate', `导入卡点D${suffix}`, unit.code, '测试小区', '', ''],
  ])
  await dialog.locator('[data-test=import-file]').setInputFiles({ name: 'points-ok.xlsx', mimeType: XLSX, buffer: good })
  await dialog.locator('[data-test=import-check]').click()
  await dialog.locator('[data-test=import-submit]:not(.is-disabled)').waitFor()
  await dialog.locator('[data-test=import-submit]').click()
  await page.locator('.el-message--success').first().waitFor()
  await dialog.waitFor({ state: 'hidden' })

  await page.locator('[data-test=filter-q]').fill(`导入卡点`)
  await page.locator('[data-test=search]').click()
  await page.locator('[data-test=point-table] .el-table__body tr', { hasText: `导入卡点D${suffix}` }).first().waitFor()
  await shot(page, '05-import-done')
  await context.close()
})
