// Shared set-up for the browser tests: Debian's Chromium through
// playwright-core, the server under test from FK_BASE_URL, screenshots.
import { chromium } from 'playwright-core'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
export const BASE_URL = (process.env.FK_BASE_URL || '').replace(/\/$/, '')
export const PASSWORD = process.env.FK_DEMO_PASSWORD || 'Fangkong@2020'
const SHOTS = path.join(here, 'screenshots')

if (!BASE_URL) {
  throw new Error('FK_BASE_URL is not set: start the fangkong server and pass its base URL, e.g. FK_BASE_URL=http://127.0.0.1:8080')
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.FK_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/** A fresh context (own cookies and localStorage) and page. */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({
    baseURL: BASE_URL,
    locale: 'zh-CN',
    viewport: { width: 1366, height: 860 },
    ...options,
  })
  context.setDefaultTimeout(15000)
  const page = await context.newPage()
  page.on('pageerror', (e) => console.log(`[page error] ${e.message}`))
  return { context, page }
}

export async function shot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true })
  const file = path.join(SHOTS, `${name}.png`)
  // Let loading masks and transitions finish so the picture shows the settled page.
  await page.locator('.el-loading-mask:visible').first().waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {})
  await page.waitForTimeout(350)
  await page.screenshot({ path: file, fullPage: false })
  console.log(`screenshot: ${file}`)
  return file
}

export async function login(page, username, password = PASSWORD) {
  await page.goto('/login')
  await page.locator('input[name=username]').fill(username)
  await page.locator('input[name=password]').fill(password)
  await page.locator('[data-test=login-submit]').click()
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
  await page.locator('[data-test=user-menu]').waitFor()
}

export async function logout(page) {
  await page.locator('[data-test=user-menu]').click()
  await page.locator('[data-test=logout]:visible').click()
  await page.waitForURL((u) => u.pathname.startsWith('/login'))
}

/** Calls the API from inside the page, with the session cookie and CSRF header, like the app does. */
export async function apiFetch(page, method, url, body) {
  return page.evaluate(
    async ({ method, url, body }) => {
      const csrf = (document.cookie.split(';').map((c) => c.trim()).find((c) => c.startsWith('fk_csrf=')) || '').slice(8)
      const headers = { Accept: 'application/json' }
      if (body !== undefined) headers['Content-Type'] = 'application/json'
      if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = decodeURIComponent(csrf)
      const res = await fetch(url, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) })
      let json = null
      try {
        json = await res.json()
      } catch {
        /* empty */
      }
      return { status: res.status, json }
    },
    { method, url, body },
  )
}

/** Picks an option of the open Element Plus select/dropdown by its text. */
export async function pickOption(page, text) {
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click()
}

/** Picks a unit in an open unit tree-select by typing its name and clicking the node. */
export async function pickUnit(page, container, name) {
  const select = container.locator('.unit-select').first()
  await select.click()
  await select.locator('input').first().fill(name)
  await page.locator('.el-tree-node__content:visible', { hasText: name }).last().click()
}

export function uniqueSuffix() {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`.toUpperCase()
}
