// Spec 19: 退出所有设备 (sign out everywhere). The same user is signed in on a desk browser and
// on a phone; signing out everywhere from the phone's menu ends the desk's session too: its next
// request is refused and it lands on the sign-in page, while signing in again works.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, login, shot, apiFetch } from './lib.mjs'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

test('sign out everywhere ends the sessions on the other devices', async () => {
  const desk = await newPage(browser)
  const phone = await newPage(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
  await login(desk.page, 'viewer')
  await login(phone.page, 'viewer')
  assert.equal((await apiFetch(desk.page, 'GET', '/api/v1/auth/me')).status, 200)

  await phone.page.locator('[data-test=user-menu]').click()
  await phone.page.locator('[data-test=logout-all]:visible').click()
  await phone.page.waitForURL((u) => u.pathname.startsWith('/login'))
  await phone.page.getByText('已在所有设备上退出登录').waitFor()
  await shot(phone.page, '19-phone-signed-out-everywhere')

  // The desk's cookie no longer opens a session; the app sends it to the sign-in page.
  assert.equal((await apiFetch(desk.page, 'GET', '/api/v1/auth/me')).status, 401)
  await desk.page.goto('/org/units')
  await desk.page.waitForURL((u) => u.pathname.startsWith('/login'))
  await desk.page.locator('input[name=username]').waitFor()
  await shot(desk.page, '19-desk-back-at-sign-in')

  // Signing in again works on either device.
  await login(desk.page, 'viewer')
  assert.equal((await apiFetch(desk.page, 'GET', '/api/v1/auth/me')).status, 200)
  await desk.context.close()
  await phone.context.close()
})
