// Directives (督办) from the dispatch meeting: the board, progress with links,
// the state machine (start, report done, close, return, reopen) and overdue
// alerts. Contract: docs/directives.md.
import { http, type Page, type Query } from '../request'

const BASE = '/api/v1/command'

export const STATUSES = ['open', 'in_progress', 'reported_done', 'done'] as const
export const FILTER_STATUSES = ['overdue', 'open', 'in_progress', 'reported_done', 'done'] as const
export type Status = (typeof STATUSES)[number]
export type DisplayStatus = (typeof FILTER_STATUSES)[number]

export interface Directive {
  id: number
  meeting_id: number
  meeting_number: number
  meeting_held_on: string
  assigning_unit_id: number
  assigning_unit_name: string
  responsible_unit_id: number
  responsible_unit_name: string
  responsible_unit_level: string
  text: string
  deadline: string
  status: Status
  overdue: boolean
  display_status: DisplayStatus
  reported_at: string | null
  overdue_since: string | null
  closed_at: string | null
  close_note: string
  client_key: string | null
  updates: number
  created_at: string
  updated_at: string
  server_now?: string
  can?: { progress: boolean; start: boolean; report_done: boolean; close: boolean; return: boolean; reopen: boolean }
}

export interface Attachment {
  text: string
  url: string
}

export interface Update {
  id: number
  directive_id: number
  kind: 'progress' | 'start' | 'report_done' | 'close' | 'return' | 'reopen' | 'overdue'
  text: string
  attachments: Attachment[]
  status_before: string
  status_after: string
  by_name: string
  by_unit_id: number | null
  by_unit_name: string
  at: string
}

export interface Counts {
  open: number
  in_progress: number
  reported_done: number
  done: number
  overdue: number
  total: number
  server_now: string
}

export interface DirectiveAlert {
  id: number
  directive_id: number
  audience: 'responsible' | 'command'
  unit_id: number
  unit_name: string
  directive_text: string
  responsible_unit_name: string
  meeting_number: number
  deadline: string
  status: 'open' | 'acknowledged'
  opened_at: string
  acknowledged_at: string | null
}

export interface DirectiveIn {
  client_key?: string
  meeting_id: number
  responsible_unit_id?: number
  text: string
  deadline: string
}

export const listDirectives = (q: Query) => http.get<Page<Directive>>(`${BASE}/directives`, q)
export const countDirectives = (q: Query) => http.get<Counts>(`${BASE}/directives:counts`, q)
export const getDirective = (id: number) => http.get<Directive>(`${BASE}/directives/${id}`)
export const listUpdates = (id: number) => http.get<Page<Update>>(`${BASE}/directives/${id}/updates`)
export const createDirective = (body: DirectiveIn) => http.post<Directive>(`${BASE}/directives`, body, { silent: true })
export const addProgress = (id: number, body: { client_key?: string; text: string; attachments: Attachment[] }) =>
  http.post<{ directive: Directive; update: Update }>(`${BASE}/directives/${id}/updates`, body, { silent: true })
export type Action = 'start' | 'report-done' | 'close' | 'return' | 'reopen'
export const act = (id: number, action: Action, body: { note?: string; deadline?: string } = {}) =>
  http.post<Directive>(`${BASE}/directives/${id}:${action}`, body, { silent: true })
export const sweep = () => http.post<{ newly_overdue: number; alerts_opened: number }>(`${BASE}/directives:sweep`)
export const listAlerts = (q: Query) => http.get<Page<DirectiveAlert>>(`${BASE}/directive-alerts`, q)
export const acknowledgeAlert = (id: number) => http.post<DirectiveAlert>(`${BASE}/directive-alerts/${id}:acknowledge`)

/** Milliseconds left to the deadline at `now` (negative when past). */
export function msLeft(d: Pick<Directive, 'deadline'>, now: number): number {
  return new Date(d.deadline).getTime() - now
}
