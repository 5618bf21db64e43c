// Spec 17: dispatch meetings and directives (日调度 · 督办). The commander
// records a meeting on the desk (its number comes from the server), turns a
// decision into a directive for 新烟街道 due in a few minutes, and sees it on
// the board with a countdown; the server's clock is then moved past the
// deadline (POST /api/v1/testing/clock, on only with testing.clock_api, which
// scripts/e2e sets); the board shows it overdue in red after the sweep, and
// the town's cadre (`community`) sees the overdue alert and the red directive
// on the phone page at 390×844, opens it and reports progress with a link; a
// javascript: link is refused. The clock is put back at the end.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, login, shot, apiFetch, pickUnit, uniqueSuffix } from './lib.mjs'

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, timezoneId: 'Asia/Shanghai' }
const DESK = { timezoneId: 'Asia/Shanghai' }

// "YYYY-MM-DD HH:mm:ss" in Beijing time (the browsers run in Asia/Shanghai).
function beijing(ms) {
  return new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 19).replace('T', ' ')
}

// An Element Plus input or textarea by its data-test (the attribute lands on the element itself or its wrapper).
function field(scope, name) {
  return scope.locator(`input[data-test=${name}], textarea[data-test=${name}], [data-test=${name}] input, [data-test=${name}] textarea`).first()
}

let browser
let admin
before(async () => {
  browser = await launch()
  admin = await newPage(browser, DESK)
  await login(admin.page, 'admin')
})
after(async () => {
  // Put the server's clock back for the specs that follow.
  if (admin) await apiFetch(admin.page, 'POST', '/api/v1/testing/clock', { offset_ms: 0 }).catch(() => {})
  await browser?.close()
})

test('directives: a directive goes overdue under a moved clock and alerts the responsible unit', async () => {
  const clock0 = await apiFetch(admin.page, 'GET', '/api/v1/testing/clock')
  assert.equal(clock0.status, 200, 'the test clock API is on (scripts/e2e sets FANGKONG_TESTING_CLOCK_API=1)')
  const serverNow = Date.parse(clock0.json.now)
  const tag = uniqueSuffix()

  // ---- the commander records a meeting ----
  const desk = await newPage(browser, DESK)
  const p = desk.page
  await login(p, 'commander')
  await p.goto('/command/meetings')
  await p.locator('[data-test=meeting-table]').waitFor()
  await p.locator('[data-test=meeting-new]').click()
  await field(p, 'meeting-chair').fill('市长')
  await field(p, 'meeting-title').fill(`新郑市疫情防控指挥部日调度会议 ${tag}`)
  await field(p, 'meeting-attendees').fill('常务副市长\n卫健委主任\n各乡镇（街道）党（工）委书记')
  await field(p, 'meeting-minutes').fill('研判当前形势，安排复工复产和交通管控调整。')
  await p.locator('[data-test=meeting-save]').click()
  const detail = p.locator('[data-test=meeting-detail]')
  await detail.waitFor()
  const heading = await p.locator('[data-test=meeting-heading]').innerText()
  assert.ok(heading.includes(tag), heading)
  const meetings = await apiFetch(p, 'GET', '/api/v1/command/meetings?page_size=5')
  const meeting = meetings.json.items.find((m) => m.title.includes(tag))
  assert.ok(meeting, 'the new meeting is listed')
  assert.ok(meeting.number >= 18, `numbered after the demo's 17: ${meeting.number}`)

  // ---- a decision becomes a directive due in 5 minutes ----
  const text = `向重点区域增派力量，车站周边增设测温点 ${tag}`
  const deadlineMs = Math.ceil((serverNow + 5 * 60_000) / 60_000) * 60_000
  const form = p.locator('[data-test=directive-form]')
  await field(form, 'directive-text-input').fill(text)
  await pickUnit(p, form, '新烟街道')
  const dl = field(form, 'directive-deadline')
  await dl.click()
  await dl.fill(beijing(deadlineMs))
  await dl.press('Enter')
  await form.locator('h4').click()
  await p.waitForTimeout(400)
  await form.locator('[data-test=directive-save]').click()
  await detail.locator('[data-test=meeting-directive]', { hasText: tag }).waitFor()
  await shot(p, '17-meeting-page')

  const list = await apiFetch(p, 'GET', `/api/v1/command/directives?meeting_id=${meeting.id}`)
  assert.equal(list.status, 200)
  assert.equal(list.json.items.length, 1, JSON.stringify(list.json))
  const directive = list.json.items[0]
  assert.equal(directive.responsible_unit_name, '新烟街道')
  assert.equal(Date.parse(directive.deadline), deadlineMs)
  assert.equal(directive.overdue, false)

  // The board before the deadline: open, a countdown, not red.
  await p.goto('/command/directives')
  const row = p.locator('.el-table__row', { hasText: tag })
  await row.waitFor()
  assert.equal((await row.locator('[data-test=row-status]').innerText()).trim(), '待办')
  assert.match(await row.locator('[data-test=row-countdown]').innerText(), /剩/)

  // ---- the server's clock moves past the deadline ----
  const moved = await apiFetch(admin.page, 'POST', '/api/v1/testing/clock', { offset_ms: deadlineMs - serverNow + 60_000 })
  assert.equal(moved.status, 200, JSON.stringify(moved.json))
  assert.ok(Date.parse(moved.json.now) > deadlineMs)
  await p.locator('[data-test=sweep]').click()
  await p.locator('.el-message--success').first().waitFor()
  await p.reload()
  await row.waitFor()
  assert.equal((await row.locator('[data-test=row-status]').innerText()).trim(), '逾期')
  assert.match(await row.locator('[data-test=row-countdown]').innerText(), /超期/)
  const overdueCount = Number(await p.locator('[data-test=count-overdue] .n').innerText())
  assert.ok(overdueCount >= 1, `overdue count ${overdueCount}`)
  assert.equal(await p.locator('[data-test=count-overdue] .n').evaluate((el) => getComputedStyle(el).color), 'rgb(245, 108, 108)')
  await p.locator('[data-test=directive-alert]', { hasText: tag }).first().waitFor()
  await shot(p, '17-board-overdue')

  // The sweep raised exactly one alert for the town and one for the command centre.
  const alerts = await apiFetch(p, 'GET', `/api/v1/command/directive-alerts?directive_id=${directive.id}`)
  assert.deepEqual(alerts.json.items.map((a) => a.audience).sort(), ['command', 'responsible'])

  // ---- the town's cadre on the phone ----
  const phone = await newPage(browser, PHONE)
  const q = phone.page
  await login(q, 'community')
  await q.goto('/m/directives')
  await q.locator('[data-test=my-directives]').waitFor()
  const alert = q.locator('[data-test=directive-alert]', { hasText: tag })
  await alert.waitFor()
  const card = q.locator('[data-test=directive-card]', { hasText: tag })
  await card.waitFor()
  assert.equal((await card.locator('[data-test=row-status]').innerText()).trim(), '逾期')
  await shot(q, '17-phone-my-directives')

  await card.click()
  const dd = q.locator('[data-test=directive-detail]')
  await dd.locator('[data-test=directive-text]', { hasText: tag }).waitFor()
  assert.equal((await dd.locator('[data-test=directive-status]').innerText()).trim(), '逾期')
  assert.equal(await dd.locator('[data-test=act-close]').count(), 0, 'the responsible side has no close button')

  // A javascript: link is refused, with the field named; then a good one goes through.
  await field(dd, 'progress-text').fill('已在车站广场增设测温点2处，增派街道干部6人。')
  await dd.locator('[data-test=att-add]').click()
  await field(dd, 'att-text').fill('排班表')
  await field(dd, 'att-url').fill('javascript:alert(1)')
  await dd.locator('[data-test=progress-submit]').click()
  await dd.locator('[data-test=att-error]').waitFor()
  await field(dd, 'att-url').fill('https://www.xinzheng.gov.cn/paiban.xlsx')
  await dd.locator('[data-test=progress-submit]').click()
  await dd.locator('[data-test=timeline-item]', { hasText: '已在车站广场增设测温点' }).waitFor()
  await dd.locator('[data-test=timeline-item] a', { hasText: '排班表' }).waitFor()
  await shot(q, '17-phone-directive-progress')
  const after = await apiFetch(q, 'GET', `/api/v1/command/directives/${directive.id}`)
  assert.equal(after.json.status, 'in_progress')
  assert.equal(after.json.overdue, true)
  assert.equal(after.json.updates, 2, 'the overdue mark and one progress update')
  // Closing is the assigning side's: the town's user is refused.
  const refused = await apiFetch(q, 'POST', `/api/v1/command/directives/${directive.id}:close`, { note: '完成' })
  assert.equal(refused.status, 403)
  const width = await q.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= 390, `no horizontal scroll at 390 px (${width})`)

  await phone.context.close()
  await desk.context.close()
})
