// Spec 11: home observation (居家观察). The admin starts a period for a demo
// resident two days ago (within observation.catch_up_days) with the community
// cadre responsible, forces a sweep, sees the missed-round alert on the board
// for that day and acknowledges it; the cadre records today's round on the
// phone page at 390×844; a resident opens their self-report link (no login)
// and reports. The server runs on the system clock with the demo.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, login, shot, apiFetch } from './lib.mjs'

const BASE = '/api/v1/residents/observation'
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }

// Local days in the city (UTC+8), like the server's.
function cityDay(offsetDays = 0) {
  const d = new Date(Date.now() + 8 * 3600 * 1000 + offsetDays * 86400 * 1000)
  return d.toISOString().slice(0, 10)
}

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

test('observation: missed-round alert on the board, the phone round, the self-report link', async () => {
  const today = cityDay(0)
  const twoDaysAgo = cityDay(-2)

  // The community cadre's user id.
  const cadre = await newPage(browser, PHONE)
  await login(cadre.page, 'community')
  const me = await apiFetch(cadre.page, 'GET', '/api/v1/auth/me')
  assert.equal(me.status, 200, JSON.stringify(me.json))
  const cadreId = me.json.user.id

  // The admin starts two periods in 永宁街社区 (新烟街道, the cadre's street).
  const desk = await newPage(browser)
  await login(desk.page, 'admin')
  const units = await apiFetch(desk.page, 'GET', '/api/v1/org/units?q=' + encodeURIComponent('永宁街社区'))
  const unit = units.json.items.find((u) => u.name === '永宁街社区')
  assert.ok(unit, 'unit 永宁街社区')
  const cands = await apiFetch(desk.page, 'GET', `${BASE}/candidates?unit_id=${unit.id}`)
  const free = cands.json.items.filter((c) => c.active_period_id === null && !c.returned)
  assert.ok(free.length >= 2, 'two free persons')
  const startA = await apiFetch(desk.page, 'POST', `${BASE}/periods`, {
    person_id: free[0].person_id, reason: 'close_contact', start_day: twoDaysAgo, cadre_id: cadreId, note: 'e2e',
  })
  assert.equal(startA.status, 201, JSON.stringify(startA.json))
  const startB = await apiFetch(desk.page, 'POST', `${BASE}/periods`, {
    person_id: free[1].person_id, reason: 'close_contact', start_day: today, cadre_id: cadreId,
  })
  assert.equal(startB.status, 201, JSON.stringify(startB.json))
  // A bad start is refused with every field named.
  const bad = await apiFetch(desk.page, 'POST', `${BASE}/periods`, { person_id: free[0].person_id, reason: 'holiday', start_day: '2020-13-01' })
  assert.ok([409, 422].includes(bad.status), JSON.stringify(bad.json))

  const sw = await apiFetch(desk.page, 'POST', `${BASE}:sweep`)
  assert.equal(sw.status, 200, JSON.stringify(sw.json))
  const rounds = await apiFetch(desk.page, 'GET', `${BASE}/periods/${startA.json.id}/rounds`)
  const first = rounds.json.items.find((r) => r.day === twoDaysAgo)
  assert.equal(first?.status, 'missed', JSON.stringify(rounds.json))

  // The board of that day: the missed round in the missing list and its alert.
  await desk.page.goto('/residents/observation')
  await desk.page.locator('[data-test=obs-counts]').waitFor()
  const dayInput = desk.page.locator('[data-test=obs-day] input').first()
  await dayInput.fill(twoDaysAgo)
  await dayInput.press('Enter')
  const name = startA.json.person_name_masked
  const alertRow = desk.page.locator('[data-test=obs-alerts] .el-table__row', { hasText: `${twoDaysAgo} 未报告体温` }).filter({ hasText: name }).first()
  await alertRow.waitFor()
  await desk.page.locator('[data-test=obs-missing] .el-table__row', { hasText: name }).first().waitFor()
  const missed = Number(await desk.page.locator('[data-count=rounds_missed] b').innerText())
  assert.ok(missed >= 1, `rounds_missed on ${twoDaysAgo} is ${missed}`)
  await shot(desk.page, '11-observation-board-missed')
  await alertRow.locator('[data-test=alert-ack]').click()
  await alertRow.locator('[data-test=alert-ack]').waitFor({ state: 'detached' })
  const alerts = await apiFetch(desk.page, 'GET', `${BASE}/alerts?kind=missed_round&page_size=100`)
  const mine = alerts.json.items.find((a) => a.period_id === startA.json.id && a.day === twoDaysAgo)
  assert.equal(mine?.status, 'acknowledged')
  await shot(desk.page, '11-observation-board-acknowledged')

  // The cadre's phone: today's list, record A's round.
  await cadre.page.goto('/m/rounds')
  const card = cadre.page.locator(`[data-test=door-item][data-period="${startA.json.id}"]`)
  await card.waitFor()
  await card.locator('.who').click()
  await card.locator('[data-temp="36.6"]').click()
  await card.locator('[data-symptom=none]').click()
  await card.locator('[data-need=food]').click()
  await card.locator('[data-test=need-text]').fill('米、面、青菜')
  await shot(cadre.page, '11-observation-phone-form')
  await card.locator('[data-test=round-submit]').click()
  await cadre.page.locator(`[data-test=door-item].done[data-period="${startA.json.id}"]`).waitFor()
  await cadre.page.locator('[data-test=round-queue] [data-state=sent]').first().waitFor()
  const overflow = await cadre.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  assert.ok(overflow <= 1, `phone page is ${overflow}px wider than the screen`)
  await shot(cadre.page, '11-observation-phone-done')
  const after = await apiFetch(desk.page, 'GET', `${BASE}/periods/${startA.json.id}/rounds`)
  const todays = after.json.items.find((r) => r.day === today)
  assert.equal(todays?.status, 'done')
  assert.equal(todays?.temperature, 36.6)

  // The resident's link: no sign-in.
  const resident = await newPage(browser, PHONE)
  await resident.page.goto(`/r/${startB.json.self_report_token}`)
  await resident.page.locator('[data-test=sr-form]').waitFor()
  assert.match(await resident.page.locator('[data-test=sr-name]').innerText(), /\*/)
  await resident.page.locator('[data-temp="36.5"]').click()
  await resident.page.locator('[data-symptom=none]').click()
  await shot(resident.page, '11-observation-self-report')
  await resident.page.locator('[data-test=sr-submit]').click()
  await resident.page.locator('[data-test=sr-thanks]').waitFor()
  await shot(resident.page, '11-observation-self-report-thanks')
  // A wrong link says so (not the login page).
  await resident.page.goto('/r/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')
  await resident.page.locator('[data-test=sr-problem]').waitFor()
  assert.ok(!resident.page.url().includes('/login'))

  await resident.context.close()
  await cadre.context.close()
  await desk.context.close()
})
