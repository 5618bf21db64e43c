// Vehicle plates, checked exactly as the server does (src/core/validation.cpp):
// a province character, an authority letter (A–Z without I and O), then five
// letters/digits (the last may be one of 学警挂港澳领试超) or six for a
// new-energy plate whose first or last character of those six is D or F.
// Spaces and the middle dot are dropped and letters upper-cased.

export const PLATE_PROVINCES = '豫京津沪渝冀云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼'
const SERVER_PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼'
const SPECIAL_TAILS = '学警挂港澳领试超'
const SEPARATORS = new Set([' ', '\t', '\u3000', '\u00B7', '\u2022'])

export type PlateRule = 'province' | 'length' | 'authority' | 'format'
export type PlateKind = 'ordinary' | 'new_energy'
export type PlateCheck = { ok: true; plate: string; kind: PlateKind } | { ok: false; rule: PlateRule }

const isLetter = (c: string) => c >= 'A' && c <= 'Z' && c !== 'I' && c !== 'O'
const isAlnum = (c: string) => (c >= '0' && c <= '9') || isLetter(c)
const isNewEnergyMark = (c: string) => c === 'D' || c === 'F'

/** Letters and digits allowed after the authority letter (the keypad shows these). */
export const PLATE_TAIL_KEYS = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ'.split('')

export function checkPlate(text: string): PlateCheck {
  const cps: string[] = []
  for (const raw of Array.from(text ?? '')) {
    if (SEPARATORS.has(raw)) continue
    cps.push(raw >= 'a' && raw <= 'z' ? raw.toUpperCase() : raw)
  }
  if (!cps.length || !SERVER_PROVINCES.includes(cps[0])) return { ok: false, rule: 'province' }
  if (cps.length < 2) return { ok: false, rule: 'length' }
  if (!isLetter(cps[1])) return { ok: false, rule: 'authority' }
  const tail = cps.slice(2)
  if (tail.length !== 5 && tail.length !== 6) return { ok: false, rule: 'length' }
  if (tail.length === 5) {
    if (!tail.slice(0, 4).every(isAlnum)) return { ok: false, rule: 'format' }
    if (!isAlnum(tail[4]) && !SPECIAL_TAILS.includes(tail[4])) return { ok: false, rule: 'format' }
    return { ok: true, plate: cps.join(''), kind: 'ordinary' }
  }
  if (!tail.every(isAlnum)) return { ok: false, rule: 'format' }
  if (!isNewEnergyMark(tail[0]) && !isNewEnergyMark(tail[5])) return { ok: false, rule: 'format' }
  return { ok: true, plate: cps.join(''), kind: 'new_energy' }
}

export function normalizePlate(text: string): string | null {
  const r = checkPlate(text)
  return r.ok ? r.plate : null
}
