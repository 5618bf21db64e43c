// Spec 6: the checkpoint phone page on a phone, offline. The checkpoint user
// registers a car with three people (sent at once), loses the network,
// registers two more (queued on the phone, kept across a reload served by the
// service worker), gets the network back and sees both sent; the API then has
// each of the three exactly once. Prints the taps beyond the plate for the
// first car (goal: at most 12).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, shot, BASE_URL, PASSWORD } from './lib.mjs'

const POINT = 'G107新郑长葛交界疫情监测站'
let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

/** The city's local day (UTC+8), as the server counts days. */
function cityDay(offsetDays = 0) {
  return new Date(Date.now() + 8 * 3600e3 + offsetDays * 864e5).toISOString().slice(0, 10)
}

function randomTail() {
  const alnum = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ'
  // Four digits then a letter: a valid ordinary plate unlikely to be in the demo data.
  let s = ''
  for (let i = 0; i < 4; i++) s += String(Math.floor(Math.random() * 10))
  return s + alnum[10 + Math.floor(Math.random() * 24)]
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

async function typePlate(page, tail) {
  for (const ch of tail) await page.locator(`[data-test=plate-keys] [data-key="${ch}"]`).click()
}

function entry(page, plate) {
  return page.locator(`[data-test=entry][data-plate="${plate}"]`)
}

test('checkpoint phone page: online, offline queue, sync, exactly once', async () => {
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

  // Sign in: the checkpoint role lands on the phone page on a phone-sized screen.
  await page.goto('/login')
  await page.locator('input[name=username]').fill('checkpoint')
  await page.locator('input[name=password]').fill(PASSWORD)
  await page.locator('[data-test=login-submit]').click()
  await page.waitForURL('**/m/checkpoint')
  await page.locator('[data-test=checkpoint-page]').waitFor()

  // The point: chosen once (only one in this user's subtree is picked by itself).
  const current = page.locator('[data-test=point-current]')
  const choice = page.locator('.sheet-item:visible', { hasText: POINT })
  await Promise.race([current.filter({ hasText: POINT }).waitFor(), choice.first().waitFor()])
  if (!(await current.textContent()).includes(POINT)) await choice.first().click()
  await current.filter({ hasText: POINT }).waitFor()
  assert.equal(JSON.parse(await page.evaluate(() => localStorage.getItem('fk_checkpoint_prefs'))).point_id > 0, true)
  // The rules are cached for offline use: the live suggestion shows a version.
  await page.locator('[data-test=decision]').filter({ hasText: /规则第 \d+ 版建议/ }).waitFor()

  // ---- car 1: three people, normal temperatures, online -----------------
  const plates = ['豫A' + randomTail(), '豫A' + randomTail(), '豫A' + randomTail()]
  assert.equal(await page.locator('[data-test=plate-value]').textContent(), '豫A', 'province and letter preset')
  await typePlate(page, plates[0].slice(2))
  assert.equal(await page.locator('[data-test=plate-value]').textContent(), plates[0])

  let taps = 0
  const tap = async (selector) => {
    taps++
    await page.locator(selector).first().click()
  }
  await tap('[data-count="3"]')
  await tap('[data-test=temp-keys] [data-temp="36.5"]')
  await tap('[data-test=temp-keys] [data-temp="36.8"]')
  await tap('[data-test=temp-keys] [data-temp="36.2"]')
  await tap('[data-test=origins] [data-origin="4101"]')
  assert.equal(await page.locator('[data-test=decision]').getAttribute('data-decision'), 'pass')
  await shot(page, '06-phone-car-ready')
  await tap('[data-test=cp-submit]')
  console.log(`taps_beyond_plate=${taps}`)
  assert.ok(taps <= 12, `taps beyond the plate: ${taps}`)

  await entry(page, plates[0]).locator('[data-test=entry-state]', { hasText: '已发送' }).waitFor()
  await page.locator('[data-test=today-counts]').scrollIntoViewIfNeeded()
  await shot(page, '06-phone-online')

  // ---- the network goes: two more cars are queued on the phone -------------
  // Make sure the service worker controls the page so it can reopen offline.
  await page.evaluate(async () => {
    if (!('serviceWorker' in navigator)) return
    await navigator.serviceWorker.ready
    if (!navigator.serviceWorker.controller) {
      await new Promise((r) => {
        navigator.serviceWorker.addEventListener('controllerchange', r, { once: true })
        setTimeout(r, 5000)
      })
    }
  })
  await context.setOffline(true)
  await page.locator('[data-test=net-state]', { hasText: '离线' }).waitFor()

  await typePlate(page, plates[1].slice(2))
  await page.locator('[data-test=temp-keys] [data-temp="36.4"]').click()
  await page.locator('[data-test=origins] [data-origin="4101"]').click()
  await page.locator('[data-test=cp-submit]').click()
  await entry(page, plates[1]).locator('[data-test=entry-state]', { hasText: '待发送' }).waitFor()

  await typePlate(page, plates[2].slice(2))
  await page.locator('[data-count="2"]').click()
  await page.locator('[data-test=temp-keys] [data-temp="36.6"]').click()
  await page.locator('[data-test=temp-keys] [data-temp="36.5"]').click()
  await page.locator('[data-test=origins] [data-origin="4110"]').click()
  await page.locator('[data-test=cp-submit]').click()
  await entry(page, plates[2]).locator('[data-test=entry-state]', { hasText: '待发送' }).waitFor()
  assert.equal(await page.locator('[data-test=pending-count]').textContent(), '2')

  // Reopen the page with no network: the service worker serves the app and
  // the queue is still on the phone.
  await page.reload()
  await page.locator('[data-test=checkpoint-page]').waitFor()
  await entry(page, plates[2]).locator('[data-test=entry-state]', { hasText: '待发送' }).waitFor()
  await entry(page, plates[1]).locator('[data-test=entry-state]', { hasText: '待发送' }).waitFor()
  await page.locator('[data-test=entries]').scrollIntoViewIfNeeded()
  await shot(page, '06-phone-offline-queued')

  // ---- the network comes back: both are sent -----------------------------
  await context.setOffline(false)
  await entry(page, plates[1]).locator('[data-test=entry-state]', { hasText: '已发送' }).waitFor({ timeout: 30000 })
  await entry(page, plates[2]).locator('[data-test=entry-state]', { hasText: '已发送' }).waitFor({ timeout: 30000 })
  assert.equal(await page.locator('[data-test=pending-count]').textContent(), '0')
  await page.locator('[data-test=entries]').scrollIntoViewIfNeeded()
  await shot(page, '06-phone-after-sync')

  // ---- the server has each exactly once ------------------------------------
  const token = await apiToken('checkpoint')
  const expectPeople = { [plates[0]]: 3, [plates[1]]: 1, [plates[2]]: 2 }
  for (const plate of plates) {
    const q = new URLSearchParams({ plate, from: cityDay(-1), to: cityDay(1), page_size: '50' })
    const res = await fetch(`${BASE_URL}/api/v1/screening/passages?${q}`, { headers: { Authorization: `Bearer ${token}` } })
    assert.equal(res.status, 200)
    const items = (await res.json()).items.filter((x) => x.plate === plate)
    assert.equal(items.length, 1, `${plate} arrived ${items.length} times`)
    assert.equal(items[0].occupants.length, expectPeople[plate])
    assert.equal(items[0].decision, 'pass')
  }
  await context.close()
})
