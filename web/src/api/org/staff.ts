import { download, http, type ImportResult, type Page, type Query } from '../request'
import type { CadreCategory, Staff } from '../types'

export interface StaffForm {
  name: string
  phone?: string
  unit_id: number
  party_member: boolean
  cadre_category: CadreCategory
  duty?: string | null
}

export const listStaff = (q: Query) => http.get<Page<Staff>>('/api/v1/org/staff', q)
export const getStaff = (id: number) => http.get<Staff>(`/api/v1/org/staff/${id}`)
export const createStaff = (body: StaffForm) => http.post<Staff>('/api/v1/org/staff', body, { silent: true })
export const updateStaff = (id: number, body: Partial<StaffForm>) =>
  http.patch<Staff>(`/api/v1/org/staff/${id}`, body, { silent: true })
export const deactivateStaff = (id: number) => http.post<Staff>(`/api/v1/org/staff/${id}:deactivate`)
export const revealStaff = (id: number) => http.post<{ phone: string }>(`/api/v1/org/staff/${id}:reveal`)
export const importStaff = (rows: Record<string, unknown>[], dry_run: boolean) =>
  http.post<ImportResult>('/api/v1/org/staff:import', { rows, dry_run }, { silent: true })
export const exportStaff = (q: Query) => download('/api/v1/org/staff:export', q, 'staff.xlsx')
