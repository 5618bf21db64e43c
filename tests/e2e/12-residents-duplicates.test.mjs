// Spec 12: two files of one person (same name and phone, one without an
// identity number) are offered on the 疑似重复 page; merging them there keeps
// the chosen record and takes the other out of the persons list. Then the kept
// person moves (迁户) to another household through the household picker.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, login, shot, apiFetch, uniqueSuffix } from './lib.mjs'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

function idNumber(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = [...first17].reduce((a, ch, i) => a + Number(ch) * w[i], 0)
  return first17 + '10X98765432'[sum % 11]
}

test('duplicates: merge two files of one person through the page, then move the kept one', async () => {
  const { page } = await newPage(browser)
  await login(page, 'admin')
  const suffix = uniqueSuffix()
  const name = `重复${suffix}`
  const phone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`
  const seq = String(100 + Math.floor(Math.random() * 800))
  const id = idNumber(`41018319790312${seq}`)

  // Two households to live in: one for both files, another to move to.
  const hs = await apiFetch(page, 'GET', '/api/v1/residents/households?page_size=50')
  assert.equal(hs.status, 200)
  const active = hs.json.items.filter((h) => h.active)
  assert.ok(active.length >= 2, 'the demo has households')
  const [home, other] = [active[0], active.find((h) => h.id !== active[0].id && h.address !== active[0].address) ?? active[1]]

  const a = await apiFetch(page, 'POST', '/api/v1/residents/persons', { household_id: home.id, name, id_number: id, phone, relation: 'head' })
  assert.equal(a.status, 201, JSON.stringify(a.json))
  const b = await apiFetch(page, 'POST', '/api/v1/residents/persons', { household_id: home.id, name, phone, relation: 'other' })
  assert.equal(b.status, 201, JSON.stringify(b.json))
  const keepId = a.json.id
  const dropId = b.json.id

  await page.goto('/residents/duplicates')
  await page.locator('[data-test=dup-list]').waitFor()
  const group = page.locator('[data-test=dup-group]', { hasText: name })
  await group.waitFor()
  assert.match(await group.locator('[data-test=dup-reason]').textContent(), /姓名\+手机号/)
  assert.ok(!(await group.textContent()).includes(id), 'the page is masked')
  await group.scrollIntoViewIfNeeded()
  await shot(page, '12-residents-duplicates')

  await group.locator('[data-test=dup-merge]').click()
  const dialog = page.locator('.el-dialog[data-test=merge-dialog]')
  await dialog.waitFor()
  await dialog.locator(`[data-test=merge-keep-${keepId}]`).click()
  await shot(page, '12-residents-duplicates-merge')
  await dialog.locator('[data-test=merge-submit]').click()
  const box = page.locator('.el-message-box')
  await box.waitFor()
  assert.ok((await box.textContent()).includes(name))
  await box.locator('.el-message-box__btns .el-button--primary').click()
  await group.waitFor({ state: 'detached' })
  await shot(page, '12-residents-duplicates-merged')

  const left = await apiFetch(page, 'GET', `/api/v1/residents/persons?q=${encodeURIComponent(name)}`)
  assert.deepEqual(left.json.items.map((p) => p.id), [keepId], 'the merged file is gone from the persons list')
  const dropped = await apiFetch(page, 'GET', `/api/v1/residents/persons/${dropId}`)
  assert.equal(dropped.json.active, false)

  // 迁户 through the household picker (remote search by address).
  await page.goto(`/residents/persons?q=${encodeURIComponent(name)}`)
  const row = page.locator('[data-test=person-table] .el-table__body tr', { hasText: name })
  await row.waitFor()
  await row.locator('[data-test=person-move]').click()
  const move = page.locator('.el-dialog[data-test=move-dialog]')
  await move.waitFor()
  const picker = move.locator('.household-select')
  await picker.click()
  await picker.locator('input').fill(other.address)
  await page.locator('.el-select-dropdown__item:visible', { hasText: other.address }).first().click()
  await shot(page, '12-residents-move')
  await move.locator('[data-test=move-save]').click()
  await move.waitFor({ state: 'hidden' })
  const moved = await apiFetch(page, 'GET', `/api/v1/residents/persons/${keepId}`)
  assert.equal(moved.json.household_id, other.id)
  assert.equal(moved.json.household_address, other.address)

  // 新增 with the same picker instead of a household number.
  const newName = `新增${suffix}`
  await page.locator('[data-test=person-add]').click()
  const dlg = page.locator('.el-dialog[data-test=person-dialog]')
  await dlg.waitFor()
  const hp = dlg.locator('.household-select')
  await hp.click()
  await hp.locator('input').fill(home.address)
  await page.locator('.el-select-dropdown__item:visible', { hasText: home.address }).first().click()
  await dlg.locator('input[data-test=person-name]').fill(newName)
  await dlg.locator('[data-test=person-save]').click()
  await dlg.waitFor({ state: 'hidden' })
  const created = await apiFetch(page, 'GET', `/api/v1/residents/persons?q=${encodeURIComponent(newName)}`)
  assert.equal(created.json.items.length, 1)
  assert.equal(created.json.items[0].household_id, home.id)
})

test('duplicates: a refused merge (different identity numbers) shows the error and keeps both', async () => {
  const { page } = await newPage(browser)
  await login(page, 'admin')
  const suffix = uniqueSuffix()
  const name = `同生${suffix}`
  const seq = 100 + Math.floor(Math.random() * 800)
  const hs = await apiFetch(page, 'GET', '/api/v1/residents/households?page_size=5')
  const home = hs.json.items.find((h) => h.active)
  const ids = []
  for (const s of [seq, seq + 2]) {
    const r = await apiFetch(page, 'POST', '/api/v1/residents/persons', {
      household_id: home.id, name, id_number: idNumber(`41018319880705${s}`), relation: 'other',
    })
    assert.equal(r.status, 201, JSON.stringify(r.json))
    ids.push(r.json.id)
  }

  await page.goto('/residents/duplicates')
  const group = page.locator('[data-test=dup-group]', { hasText: name })
  await group.waitFor()
  assert.match(await group.locator('[data-test=dup-reason]').textContent(), /出生日期/)
  await group.locator('[data-test=dup-merge]').click()
  const dialog = page.locator('.el-dialog[data-test=merge-dialog]')
  await dialog.locator('[data-test=merge-submit]').click()
  await page.locator('.el-message-box .el-message-box__btns .el-button--primary').click()
  const error = page.locator('.el-message--error', { hasText: '身份证号不同' })
  await error.waitFor()
  await shot(page, '12-residents-duplicates-refused')
  await dialog.waitFor()
  const left = await apiFetch(page, 'GET', `/api/v1/residents/persons?q=${encodeURIComponent(name)}`)
  assert.deepEqual(left.json.items.map((p) => p.id).sort(), [...ids].sort(), 'both files stay')
})
