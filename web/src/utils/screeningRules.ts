// The checkpoint decision, the same table as the server (docs/screening.md,
// tests/fixtures/screening_decisions.json): fever first, then a turn-back
// origin unless the purpose is exempt, otherwise pass. Pure: used by the
// phone page offline with the rules cached from GET /api/v1/screening/rules.

export type Decision = 'pass' | 'turned_back' | 'fever_handover'

export interface OriginRule {
  code?: string | null
  name: string
}
export interface ScreeningRules {
  fever_threshold: number
  turn_back_origins: OriginRule[]
  exempt_purposes: string[]
}
export interface DecisionInput {
  occupants: { temperature: number | null | undefined }[]
  origin: { code?: string | null; name?: string | null } | null | undefined
  purpose: string
}
export interface DecisionResult {
  decision: Decision
  fever_count: number
}

/** Temperatures compared in tenths of a degree, as the store keeps them. */
export const tenths = (c: number) => Math.round(c * 10)

export function isFever(temperature: number | null | undefined, threshold: number): boolean {
  if (temperature === null || temperature === undefined || Number.isNaN(temperature)) return false
  return tenths(temperature) >= tenths(threshold)
}

export function originMatches(entry: OriginRule, origin: DecisionInput['origin']): boolean {
  if (!origin) return false
  const code = (origin.code ?? '').trim()
  if (code) return !!entry.code && code.startsWith(entry.code)
  const name = (origin.name ?? '').trim()
  return !!name && !!entry.name && name.startsWith(entry.name)
}

export function decide(rules: ScreeningRules, p: DecisionInput): DecisionResult {
  const fever_count = p.occupants.filter((o) => isFever(o.temperature, rules.fever_threshold)).length
  if (fever_count > 0) return { decision: 'fever_handover', fever_count }
  const exempt = rules.exempt_purposes.includes(p.purpose)
  if (!exempt && rules.turn_back_origins.some((e) => originMatches(e, p.origin))) {
    return { decision: 'turned_back', fever_count }
  }
  return { decision: 'pass', fever_count }
}
