import { download, http, type ImportResult, type Page, type Query } from '../request'
import type { Unit, UnitLevel, UnitNode } from '../types'

export interface UnitCreate {
  code: string
  name: string
  level: UnitLevel
  parent_id: number | null
}

export const unitTree = (silent = false) => http.get<{ items: UnitNode[] }>('/api/v1/org/units/tree', undefined, { silent })
export const listUnits = (q: Query) => http.get<Page<Unit>>('/api/v1/org/units', q)
export const getUnit = (id: number) => http.get<Unit>(`/api/v1/org/units/${id}`)
export const createUnit = (body: UnitCreate) => http.post<Unit>('/api/v1/org/units', body, { silent: true })
export const updateUnit = (id: number, body: { name?: string; code?: string }) =>
  http.patch<Unit>(`/api/v1/org/units/${id}`, body, { silent: true })
export const deactivateUnit = (id: number) => http.post<Unit>(`/api/v1/org/units/${id}:deactivate`)
export const importUnits = (rows: Record<string, unknown>[], dry_run: boolean) =>
  http.post<ImportResult>('/api/v1/org/units:import', { rows, dry_run }, { silent: true })
export const exportUnits = (q: Query) => download('/api/v1/org/units:export', q, 'units.xlsx')
