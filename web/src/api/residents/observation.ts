// Home observation (居家观察): periods, daily rounds, alerts, needs, the board,
// and the resident's public self-report link. Contract: docs/observation.md.
import { http, type Page, type Query } from '../request'

const BASE = '/api/v1/residents/observation'

export const REASONS = ['returned_from_elsewhere', 'close_contact', 'other'] as const
export const SYMPTOMS = ['fever', 'cough', 'fatigue', 'sore_throat', 'diarrhea', 'none'] as const
export const NEED_KINDS = ['food', 'medicine', 'other'] as const
export const NEED_STATUSES = ['open', 'in_progress', 'done'] as const
export const RELEASE_RESULTS = ['normal', 'handed_over', 'moved_away', 'other'] as const
export type Reason = (typeof REASONS)[number]
export type Symptom = (typeof SYMPTOMS)[number]
export type NeedKind = (typeof NEED_KINDS)[number]
export type NeedStatus = (typeof NEED_STATUSES)[number]
export type ReleaseResult = (typeof RELEASE_RESULTS)[number]

export interface Period {
  id: number
  person_id: number
  person_name_masked: string
  household_id: number
  household_address: string
  unit_id: number
  unit_name: string
  reason: Reason
  start_day: string
  length_days: number
  end_day: string
  length_reason: string
  cadre_id: number
  cadre_name: string
  status: 'active' | 'released'
  rule_version: number
  note: string
  started_at: string
  release_day: string | null
  released_at: string | null
  release_result: ReleaseResult | null
  release_note: string
  self_report_token?: string
}

export interface Need {
  kind: NeedKind
  text: string
}

export interface Round {
  id: number
  period_id: number
  person_id: number
  person_name_masked: string
  household_address: string
  unit_id: number
  cadre_id: number
  day: string
  status: 'due' | 'done' | 'missed' | 'follow_up'
  late: boolean
  source: 'cadre' | 'self' | null
  temperature: number | null
  symptoms: Symptom[]
  needs: Need[]
  note: string
  client_key: string | null
  recorded_at: string | null
  alert_ids: number[]
}

export interface Alert {
  id: number
  kind: 'missed_round' | 'fever'
  period_id: number
  round_id: number
  person_id: number
  person_name_masked: string
  household_address: string
  unit_id: number
  unit_name: string
  cadre_id: number
  cadre_name: string
  day: string
  detail: string
  status: 'open' | 'acknowledged' | 'closed'
  handover_id: number | null
  opened_at: string
  acknowledged_at: string | null
  closed_at: string | null
  close_note: string
}

export interface NeedRequest {
  id: number
  round_id: number
  period_id: number
  person_id: number
  person_name_masked: string
  household_id: number
  household_address: string
  unit_id: number
  unit_name: string
  kind: NeedKind
  text: string
  day: string
  status: NeedStatus
  created_at: string
  updated_at: string | null
}

export interface BoardCounts {
  under_observation: number
  started: number
  released: number
  rounds_due: number
  rounds_done: number
  rounds_missed: number
  rounds_pending: number
  alerts_opened: number
  alerts_closed: number
  needs_opened: number
  needs_closed: number
  open_alerts: number
  due_for_release: number
}

export interface Board {
  day: string
  unit_id: number
  counts: BoardCounts
  missing: Page<Round>
  alerts: Alert[]
}

export interface Candidate {
  person_id: number
  household_id: number
  unit_id: number
  name_masked: string
  household_address: string
  unit_name: string
  returned: boolean
  origin_name: string
  returned_on: string
  active_period_id: number | null
  suggested_reason: Reason | null
}

export interface DoorItem {
  period: Period
  round: Round | null
}

export interface RulesVersion {
  version: number
  rules: { default_length_days: number; deadline: string; fever_threshold: number }
  note: string
  created_at: string | null
}

export interface PeriodIn {
  person_id?: number
  reason?: Reason | ''
  start_day?: string
  length_days?: number
  length_reason?: string
  cadre_id?: number
  note?: string
}

export interface RoundIn {
  client_key: string
  period_id: number
  temperature: number
  symptoms: Symptom[]
  needs: Need[]
  note?: string
}

export interface SelfReportInfo {
  name_masked: string
  day: string
  end_day: string
  deadline: string
  status: 'due' | 'done' | 'missed' | 'not_started' | 'ended'
  today: { status: string; temperature: number | null; late: boolean; day: string } | null
}

export const getBoard = (q: Query) => http.get<Board>(`${BASE}/board`, q)
export const getRules = () => http.get<RulesVersion>(`${BASE}/rules`)
export const listPeriods = (q: Query) => http.get<Page<Period>>(`${BASE}/periods`, q)
export const getPeriod = (id: number) => http.get<Period>(`${BASE}/periods/${id}`)
export const periodRounds = (id: number) => http.get<Page<Round>>(`${BASE}/periods/${id}/rounds`)
export const startPeriod = (body: PeriodIn) => http.post<Period>(`${BASE}/periods`, body, { silent: true })
export const changeLength = (id: number, length_days: number | undefined, reason: string) =>
  http.post<Period>(`${BASE}/periods/${id}:change-length`, { length_days, reason }, { silent: true })
export const releasePeriod = (id: number, result: string, note: string) =>
  http.post<Period>(`${BASE}/periods/${id}:release`, { result, note }, { silent: true })
export const newSelfReportLink = (id: number) =>
  http.post<{ self_report_token: string; path: string }>(`${BASE}/periods/${id}:self-report-link`)
// Who may be the responsible cadre of a person of the unit (nearest unit first).
export interface Cadre {
  id: number
  display_name: string
  unit_id: number
  unit_name: string
}
export const listCadres = (unitId: number) => http.get<{ items: Cadre[] }>(`${BASE}/cadres`, { unit_id: unitId })
export const listCandidates = (q: Query) => http.get<{ items: Candidate[] }>(`${BASE}/candidates`, q)
export const listAlerts = (q: Query) => http.get<Page<Alert>>(`${BASE}/alerts`, q)
export const acknowledgeAlert = (id: number) => http.post<Alert>(`${BASE}/alerts/${id}:acknowledge`)
export const closeAlert = (id: number, note: string) => http.post<Alert>(`${BASE}/alerts/${id}:close`, { note }, { silent: true })
export const listNeeds = (q: Query) => http.get<Page<NeedRequest>>(`${BASE}/needs`, q)
export const setNeedStatus = (id: number, status: NeedStatus) => http.patch<NeedRequest>(`${BASE}/needs/${id}`, { status })
export const doorList = (q: Query = {}) => http.get<{ day: string; items: DoorItem[] }>(`${BASE}/door-list`, q)
/** Silent: the phone queue decides what an error means. */
export const recordRound = (body: RoundIn) => http.post<Round>(`${BASE}/rounds`, body, { silent: true })
export const sweep = () => http.post<{ today: string; rounds_created: number; rounds_missed: number; alerts_opened: number }>(`${BASE}:sweep`)

// Public (no session): the token is the credential.
export const selfReportInfo = (token: string) =>
  http.get<SelfReportInfo>(`${BASE}/self-report/${encodeURIComponent(token)}`, undefined, { silent: true, noAuthRedirect: true })
export const selfReport = (token: string, body: { client_key: string; temperature: number; symptoms: Symptom[]; needs: Need[]; note?: string }) =>
  http.post<{ status: string; today: SelfReportInfo['today'] }>(`${BASE}/self-report/${encodeURIComponent(token)}`, body, {
    silent: true,
    noAuthRedirect: true,
  })
