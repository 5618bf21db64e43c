// Spec 7: the screening desk pages as the administrator: passages filtered to
// fever, the handovers list with a receipt and an outcome, the rules editor
// saving a new version that shows in the history, and the figures page with
// the report sentence.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, login, shot, apiFetch, pickOption, uniqueSuffix } from './lib.mjs'

const POINT = 'G107新郑长葛交界疫情监测站'
let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

function uuidv7() {
  const ms = BigInt(Date.now())
  const b = crypto.getRandomValues(new Uint8Array(16))
  for (let i = 0; i < 6; i++) b[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn)
  b[6] = (b[6] & 0x0f) | 0x70
  b[8] = (b[8] & 0x3f) | 0x80
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

async function openMenu(page, path) {
  await page.locator(`[data-menu="${path}"]`).click()
  await page.waitForURL(`**${path}`)
}

test('screening desk pages: passages, handovers, rules, figures', async () => {
  const { context, page } = await newPage(browser)
  await login(page, 'admin')
  const suffix = uniqueSuffix()

  // A fever case of today at the G107 station, so there is a fresh handover to receipt.
  const pts = await apiFetch(page, 'GET', '/api/v1/org/points?kind=station&active=true&page_size=100')
  assert.equal(pts.status, 200, JSON.stringify(pts.json))
  const point = pts.json.items.find((p) => p.name === POINT)
  assert.ok(point, 'the demo has the G107 station')
  const digits = String(Date.now()).slice(-4)
  const created = await apiFetch(page, 'POST', '/api/v1/screening/passages', {
    client_key: uuidv7(),
    point_id: point.id,
    vehicle_kind: 'car',
    plate: `豫A${digits}K`,
    direction: 'in',
    occupants: [{ temperature: 38.2, name: '测试员' }, { temperature: 36.5 }],
    origin: { code: '4101', name: '河南省郑州市' },
    destination: '新郑市',
    purpose: 'return_to_work',
    device_time: new Date().toISOString(),
  })
  assert.equal(created.status, 201, JSON.stringify(created.json))
  assert.equal(created.json.decision, 'fever_handover')
  const receiver = await apiFetch(page, 'POST', '/api/v1/screening/receivers', { name: `测试发热门诊${suffix}`, kind: 'clinic', unit_id: point.unit_id })
  assert.equal(receiver.status, 201, JSON.stringify(receiver.json))
  assert.ok(receiver.json.receipt_code, 'the receipt code is shown once')

  // ---- passages, fever only ----
  await openMenu(page, '/screening/passages')
  const table = page.locator('[data-test=passage-table]')
  await table.locator('.el-table__row').first().waitFor()
  await page.locator('[data-test=filter-fever]').click()
  await page.locator('[data-test=search]').click()
  await page.locator('.el-loading-mask:visible').first().waitFor({ state: 'hidden' }).catch(() => {})
  await table.locator('.el-table__row').first().waitFor()
  const decisions = await table.locator('[data-test=passage-decision]').allTextContents()
  assert.ok(decisions.length > 0)
  assert.ok(decisions.every((d) => d.includes('发热处置')), decisions.join(','))
  await shot(page, '07-passages-fever')

  // ---- handovers: receipt and outcome ----
  await openMenu(page, '/screening/handovers')
  const ht = page.locator('[data-test=handover-table]')
  await page.locator('[data-test=filter-receipted]').click()
  await pickOption(page, '否')
  await page.locator('[data-test=search]').click()
  await page.locator('.el-loading-mask:visible').first().waitFor({ state: 'hidden' }).catch(() => {})
  const row = ht.locator('.el-table__row').filter({ hasText: POINT }).first()
  await row.waitFor()
  await shot(page, '07-handovers')
  await row.locator('[data-test=handover-receipt]').click()
  const rd = page.locator('[data-test=receipt-dialog]').filter({ visible: true }).first()
  await rd.locator('[data-test=receipt-code]').fill(receiver.json.receipt_code)
  await rd.locator('[data-test=receipt-save]').click()
  await rd.waitFor({ state: 'hidden' })
  await page.locator('.el-message--success').first().waitFor()

  await page.locator('[data-test=filter-receipted]').click()
  await pickOption(page, '是')
  await page.locator('[data-test=search]').click()
  await page.locator('.el-loading-mask:visible').first().waitFor({ state: 'hidden' }).catch(() => {})
  const done = ht.locator('.el-table__row').filter({ hasText: `测试发热门诊${suffix}` }).first()
  await done.waitFor()
  await done.locator('[data-test=handover-outcome]').click()
  const od = page.locator('[data-test=outcome-dialog]').filter({ visible: true }).first()
  await od.getByText('排除', { exact: true }).click()
  await od.locator('[data-test=outcome-note]').fill('复测体温正常，排除')
  await od.locator('[data-test=outcome-save]').click()
  await od.waitFor({ state: 'hidden' })
  await done.getByText('排除').first().waitFor()
  await shot(page, '07-handovers-done')

  // ---- rules: a new version with a note ----
  await openMenu(page, '/screening/rules')
  const version = page.locator('[data-test=rules-version]')
  await version.waitFor()
  const before = Number((await version.textContent()).match(/\d+/)[0])
  const note = `端到端测试 ${suffix}`
  await page.locator('[data-test=rules-note]').fill(note)
  await page.locator('[data-test=rules-save]').click()
  await version.filter({ hasText: String(before + 1) }).waitFor()
  const history = page.locator('[data-test=rules-history]')
  await history.locator('.el-table__row', { hasText: note }).waitFor()
  await history.locator('.el-table__row', { hasText: note }).locator('[data-test=rules-view]').click()
  await page.locator('[data-test=rules-view-dialog]').filter({ visible: true }).first().waitFor()
  await shot(page, '07-rules-version')
  await page.keyboard.press('Escape')

  // ---- figures: the report sentence ----
  await openMenu(page, '/screening/figures')
  const sentence = page.locator('[data-test=figures-sentence]')
  await sentence.filter({ hasText: '截至' }).waitFor()
  assert.match(await sentence.textContent(), /截至\d+月\d+日，累计排查车辆\d+台、\d+人/)
  await page.locator('[data-test=figures-days] .el-table__row').first().waitFor()
  await shot(page, '07-figures')
  await context.close()
})
