import type { GateDecisionKind, GateRules } from '@/utils/gateRules'

export interface GateMember {
  id: number
  name_masked: string
  is_staff: boolean
  special_kind: string
}
export interface GatePass {
  id: number
  unit_id: number
  unit_name: string
  household_id: number
  person_id: number | null
  holder_name_masked: string | null
  kind: 'household' | 'personal'
  address: string
  active: boolean
  issued_at: string
  revoked_at: string | null
  revoke_reason: string
  token?: string
  short_code?: string
  qr_text?: string
}
export interface GateHousehold {
  id: number
  unit_id: number
  unit_name: string
  address: string
  members: GateMember[]
  passes: GatePass[]
}
export interface QuotaUse {
  event_id: number
  person_id: number
  name_masked: string
  at: string
  local_time: string
  household_id?: number
}
export interface GateEvent {
  id: number
  client_key: string
  point_id: number
  point_name: string
  unit_id: number
  day: string
  direction: 'out' | 'in'
  pass_id: number | null
  household_id: number | null
  household_address: string
  person_id: number | null
  person_name_masked: string | null
  is_staff: boolean
  visitor: { name_masked: string; phone_masked: string; reason: string; host_household_id: number } | null
  temperature: number
  special_reason: string
  decision: GateDecisionKind
  reason: string
  server_decision: string
  server_reason: string
  disagreement: boolean
  counts_quota: boolean
  rule_version: number
  at: string
  local_time: string
  due_at: string | null
  returned_at: string | null
  overdue: boolean
  conflict: boolean
  note: string
  handover_id: number | null
  quota_used: QuotaUse[]
  message: string
}
export interface GateEventIn {
  client_key: string
  point_id: number
  direction: 'out' | 'in'
  token?: string
  short_code?: string
  person_id?: number
  visitor?: { name: string; phone?: string; reason: string; host_household_id: number }
  temperature: number
  special?: boolean
  special_reason?: string
  decision?: GateDecisionKind
  rule_version?: number
  device_time?: string
}
export interface GateRulesDoc {
  version: number
  unit_id: number | null
  unit_name: string
  inherited?: boolean
  rules: GateRules
  note?: string
  created_at?: string
  created_by_name?: string
}
export interface PackPass {
  pass_id: number
  household_id: number
  person_id: number | null
  kind: 'household' | 'personal'
  token_hash: string
  code_hash: string
  address: string
  members: GateMember[]
}
export interface OfflinePack {
  point_id: number
  point_name: string
  unit_id: number
  unit_name: string
  as_of: string
  tz_offset_minutes: number
  rules: GateRulesDoc
  window_start: string
  window_end: string
  passes: PackPass[]
  quota: QuotaUse[]
}
export interface GateBatchResult {
  client_key: string
  status: 'created' | 'duplicate' | 'invalid'
  event?: GateEvent
  errors?: { field: string; rule: string; message: string }[]
}
