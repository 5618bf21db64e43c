// Re-opening firms (复工复产): applications, review, returning staff, and the
// checkpoint's recognition lookup. Mirrors src/command/firms/http.cpp.
import { download, http, type Page, type Query } from '../request'

export const FIRM_MEASURES = ['masks', 'temperature_checks', 'disinfection', 'canteen_spacing'] as const
export type FirmMeasure = (typeof FIRM_MEASURES)[number]
export const FIRM_STATUSES = ['draft', 'submitted', 'approved', 'returned', 'withdrawn'] as const
export type FirmStatus = (typeof FIRM_STATUSES)[number]

export interface FirmReview {
  id: number
  action: 'submit' | 'resubmit' | 'approve' | 'return' | 'withdraw'
  reasons: string[]
  by_user: number
  by_name: string
  at: string
}

export interface Firm {
  id: number
  name: string
  credit_code: string
  address: string
  unit_id: number
  unit_name: string
  industry: string
  staff_count: number
  staff_from_outside: number
  measures: FirmMeasure[]
  measures_note: string
  contact_name: string
  contact_phone_masked: string
  status: FirmStatus
  return_reasons: string[]
  submitted_at: string | null
  reviewed_at: string | null
  reviewed_by_name: string
  created_by: number
  created_by_name: string
  created_at: string
  updated_at: string
  staff_listed: number
  can_review: boolean
  reviews: FirmReview[]
}

export interface FirmForm {
  name?: string
  credit_code?: string
  address?: string
  unit_id?: number
  industry?: string
  staff_count?: number
  staff_from_outside?: number
  measures?: FirmMeasure[]
  measures_note?: string
  contact_name?: string
  contact_phone?: string
  submit?: boolean
}

export interface FirmStaff {
  id: number
  firm_id: number
  name: string
  id_number_masked: string
  phone_masked: string
  plate: string | null
  origin: string
  expected_day: string | null
  created_at: string
}

export interface StaffImportRow {
  row: number
  name?: string
  id_number?: string
  phone?: string
  plate?: string
  origin?: string
  expected_day?: string
}
export interface StaffImportResult {
  status: 'dry_run' | 'committed'
  rows: number
  added: number
  already_listed: number
  replayed: boolean
}

export interface FirmMatch {
  firm_id: number
  firm_name: string
  by: 'plate' | 'id_number'
}

const base = '/api/v1/command/firms'
export const listFirms = (q: Query) => http.get<Page<Firm>>(base, q)
export const getFirm = (id: number) => http.get<Firm>(`${base}/${id}`)
export const createFirm = (body: FirmForm) => http.post<Firm>(base, body, { silent: true })
export const updateFirm = (id: number, body: FirmForm) => http.patch<Firm>(`${base}/${id}`, body, { silent: true })
export const submitFirm = (id: number) => http.post<Firm>(`${base}/${id}:submit`)
export const approveFirm = (id: number) => http.post<Firm>(`${base}/${id}:approve`)
export const returnFirm = (id: number, reasons: string[]) =>
  http.post<Firm>(`${base}/${id}:return`, { reasons }, { silent: true })
export const withdrawFirm = (id: number, reason: string) => http.post<Firm>(`${base}/${id}:withdraw`, { reason })
export const revealFirmPhone = (id: number) => http.post<{ contact_phone: string }>(`${base}/${id}:reveal`)
export const exportFirms = (q: Query) => download(`${base}:export`, q, 'firms.xlsx')

export const listFirmStaff = (id: number) => http.get<{ items: FirmStaff[] }>(`${base}/${id}/staff`)
export const importFirmStaff = (id: number, rows: StaffImportRow[], dryRun: boolean, importKey?: string) =>
  http.post<StaffImportResult>(`${base}/${id}/staff:import`, { rows, dry_run: dryRun, import_key: importKey }, { silent: true })
export const removeFirmStaff = (id: number, staffId: number) => http.del<{ removed: boolean }>(`${base}/${id}/staff/${staffId}`)

/** The checkpoint's online lookup: approved firms listing the plate or an identity number (names only). */
export const recogniseReturningStaff = (plate: string | undefined, idNumbers: string[]) =>
  http.post<{ matches: FirmMatch[] }>(`${base}:recognise`, { plate, id_numbers: idNumbers }, { silent: true })
