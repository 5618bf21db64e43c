// Spec 8: import resident files from a spreadsheet: the dry run lists every
// problem with its spreadsheet row (nothing written, commit disabled); a clean
// file then commits, and the persons are found (masked) in the list.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, login, shot, apiFetch, pickUnit, uniqueSuffix } from './lib.mjs'
import { makeXlsx } from './xlsx.mjs'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

function idNumber(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = [...first17].reduce((a, ch, i) => a + Number(ch) * w[i], 0)
  return first17 + '10X98765432'[sum % 11]
}

test('resident import: dry run shows problems by row, then a clean file commits', async () => {
  const { page } = await newPage(browser)
  await login(page, 'admin')
  const suffix = uniqueSuffix()
  const seq = String(100 + Math.floor(Math.random() * 800))
  const id1 = idNumber(`41018319850203${seq}`)
  const id2 = idNumber(`41018320100917${seq}`)
  const room = `R${suffix}`

  await page.goto('/residents/import')
  await page.locator('[data-test=import-file]').waitFor({ state: 'attached' })
  await pickUnit(page, page.locator('[data-test=import-unit]').locator('..'), '华夏社区')
  const header = ['姓名', '身份证号', '手机号', '楼栋', '单元', '房号', '户类型', '与户主关系', '返乡', '来源地', '返回日期']
  // Row 3: a wrong check digit and a short phone; row 4: returned without origin or date; row 5: the number of row 2 again.
  const bad = makeXlsx([
    header,
    [`测试甲${suffix}`, id1, '13900001111', '8号楼', '1单元', room, '自住', '户主', '否', '', ''],
    [`测试乙${suffix}`, id2.slice(0, 17) + (id2.endsWith('1') ? '2' : '1'), '1390000', '8号楼', '1单元', room, '', '配偶', '', '', ''],
    [`测试丙${suffix}`, '', '', '8号楼', '2单元', room, '出租', '租户', '是', '', ''],
    [`测试丁${suffix}`, id1, '', '8号楼', '2单元', room, '出租', '租户', '', '', ''],
  ])
  await page.locator('[data-test=import-file]').setInputFiles({ name: 'residents.xlsx', mimeType: XLSX, buffer: bad })
  await page.locator('[data-test=import-check]').waitFor()
  await shot(page, '08-residents-import-mapping')
  await page.locator('[data-test=import-check]').click()
  const problems = page.locator('[data-test=import-problems] .el-table__body tr')
  await problems.first().waitFor()
  const rows = await problems.evaluateAll((trs) => trs.map((tr) => tr.querySelector('td')?.textContent?.trim()))
  for (const r of ['3', '4', '5']) assert.ok(rows.includes(r), `row ${r} is reported: ${rows}`)
  assert.ok(!rows.includes('2'), `row 2 is fine: ${rows}`)
  assert.ok(rows.length >= 5, `every problem listed: ${rows}`)
  assert.equal(await page.locator('[data-test=import-submit]').isDisabled(), true)
  await page.locator('[data-test=import-duplicates]').waitFor()
  await shot(page, '08-residents-import-problems')
  const none = await apiFetch(page, 'GET', `/api/v1/residents/persons?q=${encodeURIComponent(`测试甲${suffix}`)}`)
  assert.equal(none.json.items.length, 0, 'the dry run wrote nothing')

  // The corrected file commits.
  const good = makeXlsx([
    header,
    [`测试甲${suffix}`, id1, '13900001111', '8号楼', '1单元', room, '自住', '户主', '否', '', ''],
    [`测试乙${suffix}`, id2, '13900002222', '8号楼', '1单元', room, '', '子女', '', '', ''],
    [`测试丙${suffix}`, '', '', '8号楼', '2单元', room, '出租', '租户', '是', '湖北省武汉市', '2020-01-22'],
  ])
  await page.locator('[data-test=import-file]').setInputFiles({ name: 'residents-fixed.xlsx', mimeType: XLSX, buffer: good })
  await page.locator('[data-test=import-check]').click()
  await page.locator('.el-alert--success').first().waitFor()
  await page.locator('[data-test=import-submit]').click()
  await page.locator('[data-test=import-done]').waitFor()
  await shot(page, '08-residents-import-done')
  const found = await apiFetch(page, 'GET', `/api/v1/residents/persons?q=${id1}`)
  assert.equal(found.json.items.length, 1)
  assert.equal(found.json.items[0].relation, 'head')
  assert.ok(!JSON.stringify(found.json).includes(id1), 'lists are masked')

  await page.goto('/residents/persons')
  await page.locator('[data-test=person-table]').waitFor()
  await shot(page, '08-residents-persons')
})
