// Spec 18: re-opening firms (复工复产). The town cadre enters a firm's
// application on the desk with its prevention checklist and submits it; the
// command centre approves it on the desk; the firm's returning staff list
// (one employee with his car's plate) is imported; at the checkpoint the phone
// page (390×844) with purpose 复工返岗 and that plate names the firm and
// suggests pass, and the stored passage records the firm.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, shot, login, logout, pickUnit, BASE_URL, PASSWORD, uniqueSuffix } from './lib.mjs'
import { makeXlsx } from './xlsx.mjs'

const POINT = 'G107新郑长葛交界疫情监测站'
const CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

/** A valid unified social credit code of 新郑市 (GB 32100 check character computed). */
function creditCode() {
  let body = '91410184'
  for (let i = 0; i < 9; i++) body += CHARS[Math.floor(Math.random() * 31)]
  let sum = 0
  for (let i = 0; i < 17; i++) sum += CHARS.indexOf(body[i]) * WEIGHTS[i]
  return body + CHARS[(31 - (sum % 31)) % 31]
}
/** A valid identity number (GB 11643 check character) of no one. */
function idNumber() {
  const first17 = `411502199${Math.floor(Math.random() * 10)}0${1 + Math.floor(Math.random() * 9)}1${Math.floor(Math.random() * 10)}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  let s = 0
  for (let i = 0; i < 17; i++) s += Number(first17[i]) * w[i]
  return first17 + '10X98765432'[s % 11]
}
function plateTail() {
  let s = ''
  for (let i = 0; i < 4; i++) s += String(Math.floor(Math.random() * 10))
  return s + 'ABCDEFGHJKLMNPQRSTUVWXYZ'[Math.floor(Math.random() * 24)]
}

/** An Element Plus input by its data-test (on the input itself, or on its wrapper). */
function field(scope, name) {
  return scope.locator(`input[data-test=${name}], [data-test=${name}] input`).first()
}

async function api(method, url, token, body) {
  const res = await fetch(`${BASE_URL}${url}`, {
    method,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  let json = null
  try {
    json = await res.json()
  } catch {
    /* empty */
  }
  return { status: res.status, json }
}
async function token(username) {
  const r = await api('POST', '/api/v1/auth/login', '', { username, password: PASSWORD })
  assert.equal(r.status, 200)
  return r.json.token
}

test('a firm approved on the desk; its returning employee passes the checkpoint with the suggestion', async () => {
  const name = `新郑市裕丰食品${uniqueSuffix()}有限公司`
  const code = creditCode()
  const plate = '豫A' + plateTail()

  // ---- the town cadre enters and submits the application on the desk --------
  {
    const { context, page } = await newPage(browser)
    await login(page, 'community')
    await page.goto('/command/firms')
    await page.locator('[data-test=firm-add]').click()
    const dlg = page.locator('[data-test=firm-dialog]')
    await field(dlg, 'firm-name').fill(name)
    // A wrong check character is caught as it is typed.
    const bad = code.slice(0, 17) + (code[17] === '0' ? '1' : '0')
    await field(dlg, 'firm-code').fill(bad)
    await dlg.locator('.el-form-item__error', { hasText: '校验码不正确' }).waitFor()
    await field(dlg, 'firm-code').fill(code.toLowerCase())
    await pickUnit(page, dlg, '烟厂社区')
    await field(dlg, 'firm-address').fill('新郑市新烟街道烟厂路26号')
    await field(dlg, 'firm-staff').fill('96')
    await field(dlg, 'firm-outside').fill('31')
    for (const m of ['口罩储备', '体温检测', '消毒', '食堂错峰间隔']) await dlg.locator('.el-checkbox', { hasText: m }).click()
    await field(dlg, 'firm-contact').fill('王建国')
    await field(dlg, 'firm-phone').fill('13837112068')
    await shot(page, '18-firm-form')
    await dlg.locator('[data-test=firm-submit]').click()
    await dlg.waitFor({ state: 'hidden' })
    const row = page.locator('[data-test=firm-table] .el-table__row', { hasText: name })
    await row.locator('[data-test=firm-status]', { hasText: '待审核' }).waitFor()
    await logout(page)
    await context.close()
  }

  // ---- the command centre approves it ----------------------------------------
  const commander = await token('commander')
  {
    const { context, page } = await newPage(browser)
    await login(page, 'commander')
    await page.goto('/command/firms')
    await page.locator('[data-test=firm-tabs] .el-tabs__item', { hasText: '待审核' }).click()
    await field(page, 'firm-q').fill(name)
    await page.locator('[data-test=firm-search]').click()
    const row = page.locator('[data-test=firm-table] .el-table__row', { hasText: name })
    await row.waitFor()
    await shot(page, '18-firms-submitted')
    await row.locator('[data-test=firm-approve]').click()
    await page.locator('.el-message-box__btns .el-button--primary').click()
    await page.locator('[data-test=firm-tabs] .el-tabs__item', { hasText: '已批准' }).click()
    await page.locator('[data-test=firm-table] .el-table__row', { hasText: name }).locator('[data-test=firm-status]', { hasText: '已批准' }).waitFor()

    const found = await api('GET', `/api/v1/command/firms?q=${encodeURIComponent(name)}`, commander)
    assert.equal(found.json.items.length, 1)
    const firm = found.json.items[0]
    assert.equal(firm.status, 'approved')
    assert.equal(firm.credit_code, code)
    await context.close()
    globalThis.firmId = firm.id
  }

  // ---- the cadre imports its returning staff from Excel ------------------------
  const person = idNumber()
  {
    const { context, page } = await newPage(browser)
    await login(page, 'community')
    await page.goto('/command/firms')
    await field(page, 'firm-q').fill(name)
    await page.locator('[data-test=firm-search]').click()
    await page.locator('[data-test=firm-table] .el-table__row', { hasText: name }).locator('.el-link').click()
    const detail = page.locator('[data-test=firm-detail]')
    await detail.locator('[data-test=staff-import]').click()
    const dialog = page.locator('[data-test=staff-import-dialog]')
    const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
    const header = ['姓名', '身份证号', '手机号', '车牌号', '来自', '预计返岗日期']
    // Row 3 has a wrong check digit and a bad plate: nothing is imported, the problems are listed by row.
    const bad = makeXlsx([header, ['张伟', person, '13912345678', plate, '信阳市浉河区', '2020-02-17'],
      ['刘芳', person.slice(0, 17) + (person[17] === '0' ? '1' : '0'), '', '豫I12345', '周口市', '']])
    await dialog.locator('[data-test=staff-import-file]').setInputFiles({ name: 'staff.xlsx', mimeType: XLSX, buffer: bad })
    const problems = dialog.locator('[data-test=staff-import-problems] .el-table__body tr')
    await problems.first().waitFor()
    const rows = await problems.evaluateAll((trs) => trs.map((tr) => tr.querySelector('td')?.textContent?.trim()))
    assert.deepEqual(rows, ['3', '3'])
    assert.equal(await dialog.locator('[data-test=staff-import-commit]').isDisabled(), true)
    await shot(page, '18-staff-import-problems')
    const good = makeXlsx([header, ['张伟', person, '13912345678', plate.toLowerCase(), '信阳市浉河区', '2020-02-17']])
    await dialog.locator('[data-test=staff-import-file]').setInputFiles({ name: 'staff-ok.xlsx', mimeType: XLSX, buffer: good })
    await dialog.locator('[data-test=staff-import-ok]').waitFor()
    await dialog.locator('[data-test=staff-import-commit]').click()
    await dialog.waitFor({ state: 'hidden' })
    await detail.locator('[data-test=staff-table] .el-table__row', { hasText: plate }).waitFor()
    assert.ok(!(await detail.textContent()).includes(person), 'an identity number in full')
    await shot(page, '18-firm-approved-detail')
    await context.close()
  }

  // ---- the checkpoint phone: purpose 复工返岗 and the plate --------------------
  const { context, page } = await newPage(browser, {
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    timezoneId: 'Asia/Shanghai',
  })
  await page.goto('/login')
  await page.locator('input[name=username]').fill('checkpoint')
  await page.locator('input[name=password]').fill(PASSWORD)
  await page.locator('[data-test=login-submit]').click()
  await page.waitForURL('**/m/checkpoint')
  const current = page.locator('[data-test=point-current]')
  const choice = page.locator('.sheet-item:visible', { hasText: POINT })
  await Promise.race([current.filter({ hasText: POINT }).waitFor(), choice.first().waitFor()])
  if (!(await current.textContent()).includes(POINT)) await choice.first().click()
  await current.filter({ hasText: POINT }).waitFor()
  await page.locator('[data-test=decision]').filter({ hasText: /规则第 \d+ 版建议/ }).waitFor()

  await page.locator('[data-purpose=return_to_work]').click()
  assert.equal(await page.locator('[data-test=plate-value]').textContent(), '豫A')
  for (const ch of plate.slice(2)) await page.locator(`[data-test=plate-keys] [data-key="${ch}"]`).click()
  await page.locator('[data-test=temp-keys] [data-temp="36.5"]').click()
  await page.locator('[data-test=origins] [data-origin="4101"]').click()
  const match = page.locator('[data-test=firm-match]')
  await match.waitFor()
  assert.equal((await match.textContent()).trim(), `复工人员 · ${name} → 建议放行`)
  assert.equal(await page.locator('[data-test=decision]').getAttribute('data-decision'), 'pass')
  await page.locator('[data-test=decision]').scrollIntoViewIfNeeded()
  await shot(page, '18-phone-returning-staff')

  // Another plate is not on any list: no firm named.
  await page.locator('[data-test=plate-keys] [data-key="back"]').click()
  await page.locator(`[data-test=plate-keys] [data-key="${plate.at(-1) === 'A' ? 'B' : 'A'}"]`).click()
  await page.waitForTimeout(800)
  assert.equal(await match.count(), 0)
  await page.locator('[data-test=plate-keys] [data-key="back"]').click()
  await page.locator(`[data-test=plate-keys] [data-key="${plate.at(-1)}"]`).click()
  await match.waitFor()

  await page.locator('[data-test=cp-submit]').click()
  const entry = page.locator(`[data-test=entry][data-plate="${plate}"]`)
  await entry.locator('[data-test=entry-state]', { hasText: '已发送' }).waitFor()
  await entry.scrollIntoViewIfNeeded()
  await shot(page, '18-phone-sent')

  // The stored passage: suggested pass, naming the firm.
  const cp = await token('checkpoint')
  const list = await api('GET', `/api/v1/screening/passages?plate=${encodeURIComponent(plate)}`, cp)
  assert.equal(list.status, 200)
  assert.equal(list.json.items.length, 1)
  const p = list.json.items[0]
  assert.equal(p.suggested_decision, 'pass')
  assert.equal(p.decision, 'pass')
  assert.equal(p.suggested_note, `复工人员：${name}`)
  assert.equal(p.firm_id, globalThis.firmId)
  await context.close()
})
