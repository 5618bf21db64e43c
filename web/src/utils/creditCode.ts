// Unified social credit codes (统一社会信用代码, GB 32100-2015), checked exactly
// as the server does (src/core/validation.cpp CreditCodeRule); both are tested
// against tests/fixtures/credit_codes.json.
// 18 characters from 0-9 A-H J-N P-R T U W-Y; character 1 the registration
// authority, 2 the kind, 3-8 a division code, 18 the check character
// 31 − (Σ value × weight mod 31), 31 → 0.

export const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
const AUTHORITIES = '123456789ANY'
const KINDS = '1239'
const PROVINCES = new Set([11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
  50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82])

export type CreditCodeRule = 'length' | 'format' | 'authority' | 'kind' | 'division' | 'check_digit'

/** ASCII letters upper-cased, spaces and dashes removed. */
export function normalizeCreditCode(code: string): string {
  return (code ?? '').replace(/[ -]/g, '').replace(/[a-z]/g, (c) => c.toUpperCase())
}

/** The check character for 17 valid characters, '' otherwise. */
export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17) return ''
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CHARS.indexOf(first17[i])
    if (v < 0) return ''
    sum += v * WEIGHTS[i]
  }
  return CREDIT_CHARS[(31 - (sum % 31)) % 31]
}

/** The first rule the (normalised) code breaks, or null when it is valid. */
export function creditCodeRule(code: string): CreditCodeRule | null {
  if (code.length !== 18) return 'length'
  for (const ch of code) if (!CREDIT_CHARS.includes(ch)) return 'format'
  if (!AUTHORITIES.includes(code[0])) return 'authority'
  if (!KINDS.includes(code[1])) return 'kind'
  const division = code.slice(2, 8)
  if (!/^[0-9]{6}$/.test(division) || (division !== '100000' && !PROVINCES.has(Number(division.slice(0, 2)))))
    return 'division'
  if (creditCodeCheckChar(code.slice(0, 17)) !== code[17]) return 'check_digit'
  return null
}
