// Spec 15: the command dashboard (数据看板) and the big screen (指挥大屏).
// The commander opens the desk dashboard: today (the real clock, 2026) has no
// figures, so it opens on the latest day with data (the demo's February 2020);
// the trend, decisions and ranking charts render (canvas), the stat cards show
// the API's numbers; drill down 新郑市 → 梨河镇 → the G107 point by clicking
// names, then back by the breadcrumb and the back button. The big screen at
// 1920×1080 renders, drills down from a ranking chip and back. Live: on the big
// screen for today, a passage posted through the API moves the big number
// within 10 s without a reload. Screenshots of the desk and the big screen.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, login, shot, apiFetch } from './lib.mjs'

const API = '/api/v1/command/dashboard'
const BIG = { viewport: { width: 1920, height: 1080 } }

function cityDay() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10)
}
const fmt = (n) => n.toLocaleString('zh-CN')

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

async function unitId(page, name) {
  const r = await apiFetch(page, 'GET', `/api/v1/org/units?q=${encodeURIComponent(name)}&page_size=50`)
  assert.equal(r.status, 200)
  const u = r.json.items.find((x) => x.name === name)
  assert.ok(u, `unit ${name}`)
  return u.id
}
async function pointId(page, name) {
  const r = await apiFetch(page, 'GET', `/api/v1/org/points?q=${encodeURIComponent(name)}&page_size=50`)
  assert.equal(r.status, 200)
  const p = r.json.items.find((x) => x.name === name)
  assert.ok(p, `point ${name}`)
  return p.id
}

test('desk dashboard: charts, the API numbers, drill down city → town → point and back', async () => {
  const { context, page } = await newPage(browser, { viewport: { width: 1440, height: 1000 } })
  await login(page, 'commander')
  await page.goto('/command/dashboard')
  await page.locator('[data-test=dash-target]', { hasText: '新郑市' }).waitFor()
  // With nothing today the page opens on the latest day with data (the demo's 13 Feb 2020). Earlier
  // specs of a full run record things today, and then it shows today: ask for the demo's day instead.
  const auto = await page.locator('[data-test=dash-auto-day]').waitFor({ timeout: 8000 }).then(() => true, () => false)
  if (!auto) {
    await page.goto('/command/dashboard?day=2020-02-13')
    await page.locator('[data-test=dash-target]', { hasText: '新郑市' }).waitFor()
  }
  // The charts are canvases drawn by ECharts.
  for (const c of ['chart-trend', 'chart-decisions', 'chart-ranking'])
    await page.locator(`[data-test=${c}] canvas`).first().waitFor()
  const day = await page.locator('[data-test=dash-day] input').inputValue()
  assert.match(day, /^2020-0[12]-\d\d$/, 'opens on the demo’s latest day with data')
  const api = await apiFetch(page, 'GET', `${API}?day=${day}`)
  assert.equal(api.status, 200)
  assert.equal(api.json.day, day)
  assert.ok(api.json.cumulative.screening.people > 100000, 'the demo’s passages are counted')
  const card = async (key) => ({
    today: (await page.locator(`[data-test=stat-${key}] [data-test=stat-today]`).textContent()).trim(),
    cumulative: (await page.locator(`[data-test=stat-${key}] [data-test=stat-cumulative]`).textContent()).trim(),
  })
  assert.deepEqual(await card('people'), { today: fmt(api.json.today.screening.people), cumulative: fmt(api.json.cumulative.screening.people) })
  assert.deepEqual(await card('vehicles_turned_back'), {
    today: fmt(api.json.today.screening.vehicles_turned_back),
    cumulative: fmt(api.json.cumulative.screening.vehicles_turned_back),
  })
  const gate = api.json.cumulative.community.gate_exits + api.json.cumulative.community.gate_returns
  assert.equal((await card('gate_passages')).cumulative, fmt(gate))
  await shot(page, '15-dashboard-desk-city')

  // Drill down: the town 梨河镇 from the children table, then its G107 checkpoint.
  const lihe = await unitId(page, '梨河镇')
  const g107 = await pointId(page, 'G107新郑长葛交界疫情监测站')
  await page.locator(`[data-test=child-unit-${lihe}]`).click()
  await page.locator('[data-test=dash-target]', { hasText: '梨河镇' }).waitFor()
  assert.match(page.url(), new RegExp(`unit=${lihe}`))
  const town = await apiFetch(page, 'GET', `${API}?unit_id=${lihe}&day=${day}`)
  assert.equal((await card('people')).cumulative, fmt(town.json.cumulative.screening.people))
  await shot(page, '15-dashboard-desk-town')
  await page.locator(`[data-test=child-point-${g107}]`).click()
  await page.locator('[data-test=dash-target]', { hasText: 'G107' }).waitFor()
  await page.locator('[data-test=chart-trend] canvas').first().waitFor()
  const point = await apiFetch(page, 'GET', `${API}?point_id=${g107}&day=${day}`)
  assert.equal((await card('people')).today, fmt(point.json.today.screening.people))
  assert.equal(await page.locator('[data-test=stat-gate_passages]').count(), 0, 'a point shows checkpoint figures only')
  await shot(page, '15-dashboard-desk-point')

  // Back: the breadcrumb to the town, the back button to the city.
  await page.locator(`[data-test=dash-crumb-${lihe}]`).click()
  await page.locator('[data-test=dash-target]', { hasText: '梨河镇' }).waitFor()
  await page.locator('[data-test=dash-back]').click()
  await page.locator('[data-test=dash-target]', { hasText: '新郑市' }).waitFor()
  await page.locator('[data-test=dash-back]').waitFor({ state: 'detached' })

  // English, and a phone's width: the cards and charts stack, nothing overflows sideways.
  await page.setViewportSize({ width: 390, height: 844 })
  await page.evaluate(() => localStorage.setItem('fk_locale', 'en'))
  await page.reload()
  await page.locator('[data-test=stat-people] .label', { hasText: 'People checked' }).waitFor()
  await page.locator('[data-test=chart-trend] canvas').first().waitFor()
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  assert.ok(overflow <= 1, `no sideways scroll at 390 px (${overflow})`)
  await shot(page, '15-dashboard-desk-phone-en')
  await context.close()
})

test('big screen 1920×1080: renders, drills down and back; a new passage shows within 10 s without reload', async () => {
  const { context, page } = await newPage(browser, BIG)
  await login(page, 'admin')
  await page.goto('/screen')
  await page.locator('[data-test=screen-target]', { hasText: '新郑市' }).waitFor()
  for (const c of ['screen-chart-trend', 'screen-chart-decisions', 'screen-chart-ranking'])
    await page.locator(`[data-test=${c}] canvas`).first().waitFor()
  await page.locator('[data-test=screen-clock]').waitFor()
  assert.match(await page.locator('[data-test=screen-updated]').textContent(), /^\d\d:\d\d:\d\d$/)
  await page.waitForTimeout(800) // let the charts' entry animation settle
  await shot(page, '15-dashboard-screen-city')

  const lihe = await unitId(page, '梨河镇')
  await page.locator(`[data-test=screen-child-unit-${lihe}]`).click()
  await page.locator('[data-test=screen-target]', { hasText: '梨河镇' }).waitFor()
  await page.waitForTimeout(800)
  await shot(page, '15-dashboard-screen-town')
  await page.locator('[data-test=screen-back]').click()
  await page.locator('[data-test=screen-target]', { hasText: '新郑市' }).waitFor()

  // Live: today's big screen of the city; post a passage at G107 and watch the number move.
  const today = cityDay()
  await page.goto(`/screen?day=${today}`)
  await page.locator('[data-test=screen-target]', { hasText: today }).waitFor()
  const hero = page.locator('[data-test=screen-hero-people] [data-test=hero-today]')
  await hero.waitFor()
  const before = Number((await hero.textContent()).replace(/,/g, ''))
  const g107 = await pointId(page, 'G107新郑长葛交界疫情监测站')
  const posted = Date.now()
  const r = await apiFetch(page, 'POST', '/api/v1/screening/passages', {
    client_key: crypto.randomUUID(),
    point_id: g107,
    vehicle_kind: 'car',
    plate: `豫A${String(Date.now() % 100000).padStart(5, '0')}`,
    direction: 'in',
    occupants: [{ temperature: 36.4 }, { temperature: 36.6 }],
    origin: { code: '410100', name: '河南省郑州市' },
    destination: '新郑市区',
    purpose: 'home',
    device_time: new Date().toISOString(),
  })
  assert.equal(r.status, 201, JSON.stringify(r.json))
  await page.waitForFunction(
    ({ sel, want }) => Number(document.querySelector(sel)?.textContent?.replace(/,/g, '')) === want,
    { sel: '[data-test=screen-hero-people] [data-test=hero-today]', want: before + 2 },
    { timeout: 10000, polling: 200 },
  )
  const seconds = (Date.now() - posted) / 1000
  console.log(`live: the big number moved ${seconds.toFixed(1)} s after the passage`)
  assert.ok(seconds <= 10)
  await shot(page, '15-dashboard-screen-live')
  await context.close()
})
