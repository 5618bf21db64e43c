// The phone's gate decision against the shared table (the server's
// src/gate/rules_test.cpp reads the same file).
import { describe, expect, test } from 'vitest'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { decideGate, normalizeCode, sha256Hex, tokenFromQr, windowStart, type GateInput, type GateRules } from '../src/utils/gateRules'

const here = path.dirname(fileURLToPath(import.meta.url))
const table = JSON.parse(fs.readFileSync(path.resolve(here, '../../tests/fixtures/gate_decisions.json'), 'utf8')) as {
  rules: GateRules
  cases: { name: string; rules?: GateRules; input: GateInput; expect: { decision: string; reason: string; counts_quota: boolean } }[]
  windows: { rules: GateRules; day: string; start: string }[]
}

describe('gate decisions (tests/fixtures/gate_decisions.json)', () => {
  test('the table covers the 48 combinations and more', () => {
    expect(table.cases.length).toBeGreaterThanOrEqual(60)
  })
  for (const c of table.cases) {
    test(c.name, () => {
      const d = decideGate(c.rules ?? table.rules, c.input)
      expect(d).toEqual(c.expect)
    })
  }
  for (const w of table.windows) {
    test(`window of ${w.day} every ${w.rules.quota_days} days`, () => {
      expect(windowStart(w.rules, w.day)).toBe(w.start)
    })
  }
})

describe('pass digests', () => {
  test('sha256 hex like the server', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })
  test('QR text and typed codes', () => {
    expect(tokenFromQr(' FKP1.abc_DEF ')).toBe('abc_DEF')
    expect(normalizeCode('abcd-2345 ')).toBe('ABCD2345')
  })
})
