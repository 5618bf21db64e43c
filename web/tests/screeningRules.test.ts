// The phone's decision logic against the shared decision table, the same
// cases the server's rules_test.cpp reads.
import { describe, expect, test } from 'vitest'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { decide, type ScreeningRules } from '../src/utils/screeningRules'
import { checkPlate } from '../src/utils/plate'

const here = path.dirname(fileURLToPath(import.meta.url))
const table = JSON.parse(fs.readFileSync(path.resolve(here, '../../tests/fixtures/screening_decisions.json'), 'utf8')) as {
  rules: ScreeningRules
  cases: { name: string; rules?: ScreeningRules; passage: Parameters<typeof decide>[1]; expect: { decision: string; fever_count: number } }[]
}

describe('screening decisions (tests/fixtures/screening_decisions.json)', () => {
  test('the table has cases', () => {
    expect(table.cases.length).toBeGreaterThan(10)
  })
  for (const c of table.cases) {
    test(c.name, () => {
      const r = decide(c.rules ?? table.rules, c.passage)
      expect(r).toEqual({ decision: c.expect.decision, fever_count: c.expect.fever_count })
    })
  }
})

describe('plates, as the server checks them', () => {
  test.each([
    ['豫A12345', '豫A12345'],
    ['豫 a·12345', '豫A12345'],
    ['豫AD12345', '豫AD12345'],
    ['豫A12345F', '豫A12345F'],
    ['粤B1234学', '粤B1234学'],
  ])('%s is valid', (input, plate) => {
    expect(checkPlate(input)).toMatchObject({ ok: true, plate })
  })
  test.each([
    ['', 'province'],
    ['A12345', 'province'],
    ['豫', 'length'],
    ['豫I12345', 'authority'],
    ['豫A1234', 'length'],
    ['豫A1234O', 'format'],
    ['豫A123456', 'format'],
    ['豫A1234567', 'length'],
  ])('%s is refused (%s)', (input, rule) => {
    expect(checkPlate(input)).toEqual({ ok: false, rule })
  })
})
