// Spec 13: the responsible-cadre picker of 登记居家观察. The admin starts a
// period for a resident of 永宁街社区 (新烟街道) from the desk dialog: the
// cadre select lists "display_name · unit" of who may be responsible (the
// community cadre of 新烟街道, the admin of 新郑市; never the read-only viewer);
// picking the community cadre saves the period with that cadre.
// Screenshot: 13-observation-cadre-picker.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, login, shot, apiFetch } from './lib.mjs'

const BASE = '/api/v1/residents/observation'
let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

test('observation: the start dialog picks the responsible cadre', async () => {
  const { page } = await newPage(browser)
  await login(page, 'admin')
  const units = await apiFetch(page, 'GET', '/api/v1/org/units?q=' + encodeURIComponent('永宁街社区'))
  const unit = units.json.items.find((u) => u.name === '永宁街社区')
  assert.ok(unit, 'unit 永宁街社区')
  const cadres = await apiFetch(page, 'GET', `${BASE}/cadres?unit_id=${unit.id}`)
  assert.equal(cadres.status, 200, JSON.stringify(cadres.json))
  const community = cadres.json.items.find((c) => c.display_name === '新烟街道社区干部')
  assert.ok(community, JSON.stringify(cadres.json))
  assert.ok(!cadres.json.items.some((c) => c.display_name === '只读观察员'), 'the viewer may not be a cadre')

  // A free resident of the unit, by full name (the desk searches by name prefix).
  const cands = (await apiFetch(page, 'GET', `${BASE}/candidates?unit_id=${unit.id}`)).json.items
  const persons = (await apiFetch(page, 'GET', `/api/v1/residents/persons?unit_id=${unit.id}&page_size=200`)).json.items
  const person = persons.find((p) => cands.some((c) => c.person_id === p.id && c.active_period_id === null && !c.returned))
  assert.ok(person, 'a free person')
  const masked = [...person.name][0] + '*'.repeat([...person.name].length - 1)

  await page.goto('/residents/observation')
  await page.locator('[data-test=obs-start]').click()
  const dialog = page.locator('[data-test=start-dialog]')
  await dialog.waitFor()
  // No person yet: the cadre select waits for one.
  assert.ok(await dialog.locator('[data-test=start-cadre]').locator('.is-disabled').count() > 0)
  const personSelect = dialog.locator('[data-test=start-person]')
  await personSelect.click()
  await personSelect.locator('input').fill(person.name)
  await page.locator('.el-select-dropdown__item:visible', { hasText: masked }).filter({ hasText: person.household_address }).first().click()
  await dialog.locator('[data-test=start-reason]').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: '密切接触者' }).click()

  await dialog.locator('[data-test=start-cadre]').click()
  const option = page.locator('.el-select-dropdown__item:visible', { hasText: '新烟街道社区干部 · 新烟街道' })
  await option.waitFor()
  await page.locator('.el-select-dropdown__item:visible', { hasText: '系统管理员 · 新郑市' }).waitFor()
  assert.equal(await page.locator('.el-select-dropdown__item:visible', { hasText: '只读观察员' }).count(), 0)
  await shot(page, '13-observation-cadre-picker')
  await option.click()
  await dialog.locator('[data-test=start-save]').click()
  await page.locator('[data-test=link-dialog]').waitFor()

  const list = await apiFetch(page, 'GET', `${BASE}/periods?person_id=${person.id}&status=active`)
  assert.equal(list.status, 200)
  assert.equal(list.json.items[0]?.cadre_id, community.id, JSON.stringify(list.json))
  assert.equal(list.json.items[0]?.cadre_name, '新烟街道社区干部')
})
