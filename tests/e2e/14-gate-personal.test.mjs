// Spec 12: a personal pass for a demo staff member from the 通行证 desk page.
// The admin opens 发个人通行证, picks the staff member's unit, searches by
// name (the picker shows the masked name and the employer), issues, and the
// print dialog shows the personal card: masked name, employer, short code, QR.
// Screenshots: 12-gate-personal-picker, 12-gate-personal-card.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, shot, login, apiFetch, pickUnit } from './lib.mjs'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

test('gate passes page: issue a personal pass for a staff member and see its card', async () => {
  const { page } = await newPage(browser)
  page.on('console', (m) => {
    if (m.type() === 'error') console.log(`[console] ${m.text()}`)
  })
  await login(page, 'admin')
  const r = await apiFetch(page, 'GET', '/api/v1/residents/persons?tag=staff&page_size=50')
  assert.equal(r.status, 200)
  const person = r.json.items.find((p) => p.is_staff && p.staff_employer)
  assert.ok(person, 'a demo staff member')
  const masked = [...person.name][0] + '*'.repeat([...person.name].length - 1)

  await page.goto('/residents/passes')
  await page.locator('[data-test=gate-passes]').waitFor()
  await page.locator('[data-test=issue-personal]').click()
  const dialog = page.locator('[data-test=personal-dialog]')
  await dialog.waitFor()
  await pickUnit(page, dialog, person.unit_name)
  const select = dialog.locator('[data-test=personal-person]')
  await select.click()
  await select.locator('input').fill(person.name)
  const option = page.locator('.el-select-dropdown__item:visible', { hasText: masked }).filter({ hasText: person.staff_employer }).first()
  await option.waitFor()
  assert.ok(!(await option.innerText()).includes(person.name), 'the picker shows the name masked')
  await shot(page, '12-gate-personal-picker')
  await option.click()
  await dialog.locator('[data-test=personal-issue]').click()

  const card = page.locator('[data-test=card]').first()
  await card.waitFor()
  assert.equal(await page.locator('[data-test=card]').count(), 1)
  const text = await card.innerText()
  assert.ok(text.includes(masked), text)
  assert.ok(!text.includes(person.name), 'the card shows the name masked')
  assert.ok(text.includes(person.staff_employer), text)
  assert.match(text, /短码 [0-9A-Z]{4} [0-9A-Z]{4}/)
  assert.ok(await card.locator('img[alt=QR]').isVisible())
  await card.locator('[data-test=card-employer]', { hasText: '个人证' }).waitFor()
  await shot(page, '12-gate-personal-card')

  // The server holds one active personal pass for the person.
  const passes = await apiFetch(page, 'GET', `/api/v1/residents/passes?household_id=${person.household_id}&page_size=200`)
  assert.equal(passes.status, 200)
  const mine = passes.json.items.filter((p) => p.person_id === person.id && p.kind === 'personal' && p.active)
  assert.equal(mine.length, 1, JSON.stringify(passes.json))
})
