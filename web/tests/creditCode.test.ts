// The web's credit-code check against the shared table (the server's
// src/core/validation_test.cpp reads the same file).
import { describe, expect, test } from 'vitest'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { CREDIT_CHARS, creditCodeCheckChar, creditCodeRule, normalizeCreditCode } from '../src/utils/creditCode'

const here = path.dirname(fileURLToPath(import.meta.url))
const table = JSON.parse(fs.readFileSync(path.resolve(here, '../../tests/fixtures/credit_codes.json'), 'utf8')) as {
  valid: string[]
  invalid: { code: string; rule: string }[]
}

describe('credit codes (tests/fixtures/credit_codes.json)', () => {
  test('the table has codes of both kinds', () => {
    expect(table.valid.length).toBeGreaterThanOrEqual(10)
    expect(table.invalid.length).toBeGreaterThanOrEqual(30)
  })
  for (const code of table.valid) test(`valid ${code}`, () => expect(creditCodeRule(code)).toBeNull())
  for (const c of table.invalid) test(`invalid ${c.code || '(empty)'} → ${c.rule}`, () => expect(creditCodeRule(c.code)).toBe(c.rule))
  test('every single change of a valid code is rejected', () => {
    const code = '91410184MA44YH1T07'
    expect(creditCodeRule(code)).toBeNull()
    for (let i = 0; i < 18; i++)
      for (const ch of CREDIT_CHARS) {
        if (ch === code[i]) continue
        expect(creditCodeRule(code.slice(0, i) + ch + code.slice(i + 1))).not.toBeNull()
      }
  })
  test('the sample of the standard', () => expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3'))
  test('normalises case, spaces and dashes', () => expect(normalizeCreditCode(' 914101-84ma44yh1t07')).toBe('91410184MA44YH1T07'))
})
