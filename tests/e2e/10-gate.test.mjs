// Spec 10: the community gate on a phone (390×844). The community user picks
// 永宁街社区卡点; a household's short code lets one member out and refuses the
// second (the quota used, showing who and when). Then the phone goes offline,
// decides two more events from its offline pack, and meanwhile a second gate
// (the API) lets another member of the same household out; back online the
// queue drains and the server reports the offline exit as a conflict, never
// dropping it. Screenshots: 10-gate-quota-refusal, 10-gate-offline-queued,
// 10-gate-synced-conflict.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, shot, BASE_URL, PASSWORD } from './lib.mjs'

const POINT = '永宁街社区卡点'
let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

async function api(token, method, url, body) {
  const res = await fetch(`${BASE_URL}${url}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: res.status, json: await res.json().catch(() => null) }
}

async function apiToken(username) {
  const res = await fetch(`${BASE_URL}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  })
  assert.equal(res.status, 200)
  return (await res.json()).token
}

async function typeCode(page, code) {
  await page.locator('[data-test=code]').fill(code)
  await page.locator('[data-test=find]').click()
}

async function decideFor(page, code, memberIndex, direction = 'out') {
  await page.locator(`[data-test=dir-${direction}]`).click()
  await typeCode(page, code)
  await page.locator('[data-test=member]').nth(memberIndex).click()
  await page.locator('[data-test=temps] [data-temp="36.5"]').click()
  await page.locator('[data-test=decide]').click()
  return page.locator('[data-test=result]')
}

test('gate phone page: quota refusal, offline decisions, sync with a conflict', async () => {
  const admin = await apiToken('admin')
  // The rules of 永宁街社区 for this test: one exit a day, open all day (the test may run at any hour).
  const points = (await api(admin, 'GET', '/api/v1/org/points?page_size=200')).json.items
  const point = points.find((p) => p.name === POINT)
  let r = await api(admin, 'POST', '/api/v1/residents/gate-rules', {
    unit_id: point.unit_id,
    rules: { quota_mode: 'per_day', quota_exits: 1, hours_from: '00:00', hours_to: '24:00' },
    note: 'e2e',
  })
  assert.equal(r.status, 201, JSON.stringify(r.json))
  // Two households with at least two members each, with fresh passes.
  const households = (await api(admin, 'GET', `/api/v1/residents/passes:households?unit_id=${point.unit_id}&page_size=200`)).json.items
    .filter((h) => h.members.length >= 2 && h.members.every((m) => !m.is_staff))
  const [ha, hb] = households.slice(-2)
  r = await api(admin, 'POST', '/api/v1/residents/passes:issue', { household_ids: [ha.id, hb.id] })
  assert.equal(r.status, 201)
  const [pa, pb] = r.json.items

  const { context, page } = await newPage(browser, {
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    timezoneId: 'Asia/Shanghai',
  })
  page.on('console', (m) => {
    if (m.type() === 'error') console.log(`[console] ${m.text()}`)
  })
  await page.goto('/login')
  await page.locator('input[name=username]').fill('community')
  await page.locator('input[name=password]').fill(PASSWORD)
  await page.locator('[data-test=login-submit]').click()
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
  await page.goto('/m/gate')
  await page.locator('[data-test=gate-page]').waitFor()
  // Two gates in the town: the sheet asks which.
  await page.locator('.van-action-sheet__item', { hasText: POINT }).click()
  await page.locator('[data-test=point]', { hasText: POINT }).waitFor()
  await page.locator('[data-test=rules]').waitFor()

  // Online: the first member goes out; the second is refused, showing who went out and when.
  let result = await decideFor(page, pa.short_code, 0)
  await result.and(page.locator('[data-decision=allow]')).waitFor()
  await page.locator('[data-test=next]').click()
  await page.locator('[data-test=entry][data-state=sent]').first().waitFor({ timeout: 20000 })
  result = await decideFor(page, pa.short_code.toLowerCase(), 1)
  await result.and(page.locator('[data-reason=quota]')).waitFor()
  const text = await page.locator('[data-test=quota-used]').innerText()
  assert.match(text, /本户 .+\* 已于 \d\d:\d\d 外出/)
  await shot(page, '10-gate-quota-refusal')
  await page.locator('[data-test=next]').click()
  await page.locator('[data-test=entry][data-state=sent][data-decision=refuse]').first().waitFor({ timeout: 20000 })

  // Offline: two decisions from the pack, queued on the phone.
  await context.setOffline(true)
  await page.locator('[data-test=net]', { hasText: '离线' }).waitFor()
  result = await decideFor(page, pb.short_code, 0)
  await result.and(page.locator('[data-decision=allow]')).waitFor()
  await page.locator('[data-test=next]').click()
  result = await decideFor(page, pa.short_code, 0, 'in')
  await result.and(page.locator('[data-reason=return]')).waitFor()
  await page.locator('[data-test=next]').click()
  assert.equal(await page.locator('[data-test=entry][data-state=queued]').count(), 2)
  await page.locator('[data-test=queue]', { hasText: '待同步 2' }).waitFor()
  await shot(page, '10-gate-offline-queued')

  // Meanwhile a second gate, online, lets another member of household B out.
  r = await api(admin, 'POST', '/api/v1/residents/gate-events', {
    client_key: crypto.randomUUID(),
    point_id: point.id,
    direction: 'out',
    temperature: 36.4,
    short_code: pb.short_code,
    person_id: hb.members[1].id,
  })
  assert.equal(r.status, 201, JSON.stringify(r.json))
  assert.equal(r.json.decision, 'allow')

  // Back online: the queue drains; the phone's exit is kept and marked a conflict.
  await context.setOffline(false)
  await page.locator('[data-test=net]', { hasText: '在线' }).waitFor()
  await page.locator('[data-test=queue]', { hasText: '待同步 0' }).waitFor({ timeout: 30000 })
  await page.locator('[data-test=entry][data-state=conflict]').waitFor()
  await page.locator('[data-test=entry][data-state=conflict]').scrollIntoViewIfNeeded()
  await shot(page, '10-gate-synced-conflict')

  r = await api(admin, 'GET', `/api/v1/residents/gate-events?household_id=${hb.id}&page_size=50`)
  const day = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)
  const today = r.json.items.filter((e) => e.day === day && e.decision === 'allow' && e.direction === 'out')
  assert.equal(today.length, 2, 'both exits of household B are kept')
  assert.equal(today.filter((e) => e.conflict).length, 1, 'one of them is reported as a conflict')
  r = await api(admin, 'GET', `/api/v1/residents/gate/conflicts?point_id=${point.id}`)
  assert.ok(r.json.items.some((e) => e.household_id === hb.id))
  await context.close()
})

test('gate desk pages: issue and print passes, records with conflicts, rules', async () => {
  const { context, page } = await newPage(browser)
  await page.goto('/login')
  await page.locator('input[name=username]').fill('admin')
  await page.locator('input[name=password]').fill(PASSWORD)
  await page.locator('[data-test=login-submit]').click()
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))

  await page.goto('/residents/passes')
  await page.locator('[data-test=gate-passes] .el-table__row').first().waitFor()
  await page.locator('[data-test=gate-passes] .el-table__row .el-checkbox').nth(0).click()
  await page.locator('[data-test=gate-passes] .el-table__row .el-checkbox').nth(1).click()
  await page.locator('[data-test=issue-selected]').click()
  await page.locator('[data-test=card]').nth(1).waitFor()
  assert.equal(await page.locator('[data-test=card]').count(), 2)
  assert.match(await page.locator('[data-test=card]').first().innerText(), /短码 [2-9A-Z]{4} [2-9A-Z]{4}/)
  await shot(page, '10-gate-desk-print')
  await page.keyboard.press('Escape')

  await page.goto('/residents/gate-events')
  await page.locator('[data-test=gate-events] .el-table__row').first().waitFor()
  await page.locator('[data-test=conflicts-only]').click()
  await page.locator('[data-test=gate-events] .el-button--primary').click()
  await page.locator('[data-test=conflict]').first().waitFor()
  await shot(page, '10-gate-desk-conflicts')

  await page.goto('/residents/gate-rules')
  await page.locator('[data-test=gate-rules] .el-form').waitFor()
  await shot(page, '10-gate-desk-rules')
  await context.close()
})
