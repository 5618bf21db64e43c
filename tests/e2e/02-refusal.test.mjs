// Spec 2: a read-only user does not see write buttons, pages it may not open
// say so, and a direct API write is refused with 403 and an error message.
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

test('viewer sees no write buttons and a write is refused', async () => {
  const { context, page } = await newPage(browser)
  await login(page, process.env.FK_READONLY_USER || 'viewer')
  const me = await apiFetch(page, 'GET', '/api/v1/auth/me')
  assert.equal(me.status, 200)
  const perms = new Set(me.json.user.permissions)
  assert.ok(!perms.has('org:unit:write'), 'the read-only user cannot write units')

  if (perms.has('org:unit:read')) {
    await page.goto('/org/units')
    await page.locator('[data-test=unit-tree]').waitFor()
    await page.locator('.el-tree-node__content').first().waitFor()
    assert.equal(await page.locator('[data-test=unit-add-root]').isVisible(), false, 'no add button')
    assert.equal(await page.locator('[data-test=unit-import]').isVisible(), false, 'no import button')
    assert.equal(await page.locator('[data-test=unit-add-child]').count(), 0, 'no add-child button')
    await shot(page, '02-viewer-units')
  }
  if (perms.has('org:point:read') && !perms.has('org:point:write')) {
    await page.goto('/org/points')
    await page.locator('[data-test=point-table]').waitFor()
    assert.equal(await page.locator('[data-test=point-add]').isVisible(), false, 'no add point button')
  }

  // The menu has no entry for pages without permission; opening one shows the refusal page.
  assert.equal(await page.locator('[data-menu="/system/users"]').count(), 0)
  await page.goto('/system/users')
  await page.locator('[data-test=forbidden]').waitFor()
  await shot(page, '02-viewer-forbidden-page')

  // A direct write through the API is refused by the server.
  const reply = await apiFetch(page, 'POST', '/api/v1/org/units', { code: '999999999999', name: '越权单位', level: 'estate', parent_id: me.json.user.unit.id })
  assert.equal(reply.status, 403, JSON.stringify(reply.json))
  assert.ok(reply.json?.error?.code, 'the error has a code')
  assert.ok(reply.json?.error?.message, 'the error has a message')
  console.log(`refused: ${reply.status} ${reply.json.error.code}: ${reply.json.error.message}`)

  // The app shows the server's refusal: pretend the page still believes the
  // user may write (as after a role change mid-session) and try to save.
  if (perms.has('org:unit:read')) {
    await page.goto('/org/units')
    await page.locator('.el-tree-node__content').first().click()
    await page.evaluate(() => {
      const app = document.querySelector('#app').__vue_app__
      const pinia = app.config.globalProperties.$pinia
      pinia.state.value.user.user.permissions.push('org:unit:write')
    })
    await page.locator('[data-test=unit-add-child]').click()
    const dialog = page.locator('[data-test=unit-dialog]').filter({ visible: true }).first()
    await dialog.locator('[data-test=unit-code]').fill('999999999998')
    await dialog.locator('[data-test=unit-name]').fill('越权单位')
    await dialog.locator('[data-test=unit-save]').click()
    const msg = page.locator('.el-message--error').first()
    await msg.waitFor()
    const text = (await msg.textContent()).trim()
    assert.ok(text.length > 0, 'an error message is shown')
    console.log(`shown: ${text}`)
    await shot(page, '02-viewer-write-refused')
  }
  await context.close()
})
