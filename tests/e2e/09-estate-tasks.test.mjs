// Spec 9: estate daily tasks. On a phone (390×844) the 车站社区 volunteer ticks
// today's tasks of 铁路家属院, one of them with no network (queued, then sent
// when the network is back); the 新烟街道 desk sees them done with who and
// when, and the not-done list keeps only what is left; the community figures
// page drills down from the town to the community.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, login, shot } from './lib.mjs'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

const ESTATE = '铁路家属院'

test('a task ticked on the phone shows as done on the desk and leaves the not-done list', async () => {
  const phone = await newPage(browser, { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true })
  const p = phone.page
  await login(p, 'volunteer')
  await p.goto('/m/tasks')
  const unit = p.locator(`section.unit[data-unit="${ESTATE}"]`)
  await unit.waitFor()
  const disinfect = unit.locator('.task[data-task="公共区域消毒"]')
  const masks = unit.locator('.task[data-task="废弃口罩收集点清运"]')
  await shot(p, '09-phone-tasks-before')
  await disinfect.locator('[data-test=task-done]').click()
  await p.waitForFunction(() => !document.querySelector('[data-test=tasks-pending]'))
  assert.match(await disinfect.getAttribute('class'), /\bdone\b/)

  // No network: the tick is kept on the phone and shown as waiting, then sent.
  await phone.context.setOffline(true)
  await p.evaluate(() => window.dispatchEvent(new Event('offline')))
  await masks.locator('[data-test=task-done]').click()
  await p.locator('[data-test=tasks-pending]').waitFor()
  assert.match(await masks.getAttribute('class'), /\bdone\b/)
  await shot(p, '09-phone-tasks-offline')
  await phone.context.setOffline(false)
  await p.evaluate(() => window.dispatchEvent(new Event('online')))
  await p.locator('[data-test=tasks-pending]').waitFor({ state: 'detached' })
  const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  assert.ok(overflow <= 1, `page is ${overflow}px wider than the screen`)
  await shot(p, '09-phone-tasks-after')
  await phone.context.close()

  const desk = await newPage(browser)
  const d = desk.page
  await login(d, 'community')
  await d.goto('/residents/estate-tasks')
  const cell = (task) => d.locator(`[data-test=tasks-grid] [data-cell="${ESTATE}|${task}"]`)
  await cell('公共区域消毒').waitFor()
  assert.equal(await cell('公共区域消毒').getAttribute('data-status'), 'done')
  assert.equal(await cell('废弃口罩收集点清运').getAttribute('data-status'), 'done')
  assert.equal(await cell('电梯按键覆膜').getAttribute('data-status'), 'pending')
  assert.match(await cell('公共区域消毒').innerText(), /车站社区志愿者 \d\d:\d\d/)
  await shot(d, '09-desk-tasks-grid')

  await d.locator('.el-tabs__item', { hasText: '未完成清单' }).click()
  const estate = d.locator(`[data-test=undone-list] .estate[data-unit="${ESTATE}"]`)
  await estate.waitFor()
  const left = await estate.innerText()
  assert.ok(left.includes('电梯按键覆膜'), left)
  assert.ok(!left.includes('公共区域消毒'), left)
  assert.ok(!left.includes('废弃口罩收集点清运'), left)
  await shot(d, '09-desk-tasks-undone')

  await d.locator('.el-tabs__item', { hasText: '任务模板' }).click()
  await d.locator('[data-test=tpl-table]').waitFor()
  await shot(d, '09-desk-tasks-templates')

  // Community figures: the town, then drill down into 车站社区.
  await d.goto('/residents/figures')
  await d.locator('[data-test=cfig-children]').waitFor()
  assert.match(await d.locator('[data-test=figures-unit]').innerText(), /新烟街道/)
  await shot(d, '09-desk-figures-town')
  await d.locator('[data-test=cfig-children] a.drill[data-unit="车站社区"]').click()
  await d.locator('[data-test=figures-unit]', { hasText: '车站社区' }).waitFor()
  await d.locator(`[data-test=cfig-children] [data-unit="${ESTATE}"]`).waitFor()
  await shot(d, '09-desk-figures-drill')
  await desk.context.close()
})
