// The gate decision of closed communities (四个区分 + the household quota), the
// same logic as src/gate/rules.cpp on the server; both run the shared table
// tests/fixtures/gate_decisions.json. Pure functions (sha256Hex uses Web Crypto).

export type GateDecisionKind = 'allow' | 'refuse' | 'handover'
export type GateReason =
  | 'fever'
  | 'staff'
  | 'not_resident'
  | 'visitor'
  | 'return'
  | 'special'
  | 'outside_hours'
  | 'quota'
  | 'resident'

export interface GateRules {
  quota_mode: 'per_day' | 'every_n_days'
  quota_exits: number
  quota_days: number
  hours_from: string // HH:MM
  hours_to: string
  max_out_minutes: number
  fever_threshold: number // °C
  visitors_allowed: boolean
  staff_exempt: boolean
  special_allowed: boolean
}

export const DEFAULT_GATE_RULES: GateRules = {
  quota_mode: 'per_day',
  quota_exits: 1,
  quota_days: 1,
  hours_from: '06:00',
  hours_to: '20:00',
  max_out_minutes: 240,
  fever_threshold: 37.3,
  visitors_allowed: false,
  staff_exempt: true,
  special_allowed: true,
}

export interface GateInput {
  direction: 'out' | 'in'
  temperature: number // °C
  resident: boolean
  staff: boolean
  special: boolean
  visitor?: boolean
  minute_of_day: number
  exits_in_window: number
}

export interface GateOutcome {
  decision: GateDecisionKind
  reason: GateReason
  counts_quota: boolean
}

export function hm(s: string): number {
  const [h, m] = s.split(':').map(Number)
  return h * 60 + m
}

export function withinHours(r: GateRules, minute: number): boolean {
  const f = hm(r.hours_from)
  const t = hm(r.hours_to)
  return f < t ? minute >= f && minute < t : minute >= f || minute < t
}

/** Tenths, compared as integers like the server (37.3 is 373). */
const tenths = (c: number) => Math.round(c * 10)

export function decideGate(r: GateRules, i: GateInput): GateOutcome {
  if (tenths(i.temperature) >= tenths(r.fever_threshold)) return { decision: 'handover', reason: 'fever', counts_quota: false }
  if (i.staff && r.staff_exempt) return { decision: 'allow', reason: 'staff', counts_quota: false }
  if (!i.resident) {
    if (i.visitor && r.visitors_allowed) return { decision: 'allow', reason: 'visitor', counts_quota: false }
    return { decision: 'refuse', reason: 'not_resident', counts_quota: false }
  }
  if (i.direction === 'in') return { decision: 'allow', reason: 'return', counts_quota: false }
  if (i.special && r.special_allowed) return { decision: 'allow', reason: 'special', counts_quota: false }
  if (!withinHours(r, i.minute_of_day)) return { decision: 'refuse', reason: 'outside_hours', counts_quota: false }
  if (i.exits_in_window >= r.quota_exits) return { decision: 'refuse', reason: 'quota', counts_quota: false }
  return { decision: 'allow', reason: 'resident', counts_quota: true }
}

function daysFromCivil(y: number, m: number, d: number): number {
  return Math.floor(Date.UTC(y, m - 1, d) / 86400000)
}
function civil(n: number): string {
  return new Date(n * 86400000).toISOString().slice(0, 10)
}

/** The first day of the fixed quota window holding `day` (windows count from 2020-01-01). */
export function windowStart(r: GateRules, day: string): string {
  if (r.quota_days <= 1) return day
  const [y, m, d] = day.split('-').map(Number)
  const n = daysFromCivil(y, m, d)
  const epoch = daysFromCivil(2020, 1, 1)
  const off = (((n - epoch) % r.quota_days) + r.quota_days) % r.quota_days
  return civil(n - off)
}
export function addDays(day: string, k: number): string {
  const [y, m, d] = day.split('-').map(Number)
  return civil(daysFromCivil(y, m, d) + k)
}

/** Local day and minute of a UTC time at the city's offset. */
export function localParts(ms: number, tzMinutes: number): { day: string; minute: number } {
  const local = ms + tzMinutes * 60000
  const day = new Date(local).toISOString().slice(0, 10)
  const minute = Math.floor((((local % 86400000) + 86400000) % 86400000) / 60000)
  return { day, minute }
}

/** SHA-256 of the UTF-8 text, lowercase hex: the digests in the offline pack. */
export async function sha256Hex(text: string): Promise<string> {
  const buf = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return Array.from(new Uint8Array(buf))
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('')
}

/** The token in a scanned QR text ("FKP1.<token>"). */
export function tokenFromQr(text: string): string {
  const t = text.trim()
  return t.startsWith('FKP1.') ? t.slice(5) : t
}
export function normalizeCode(code: string): string {
  return code.replace(/[\s-]/g, '').toUpperCase()
}
