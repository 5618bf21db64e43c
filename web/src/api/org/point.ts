import { download, http, type ImportResult, type Page, type Query } from '../request'
import type { Point, PointKind } from '../types'

export interface PointForm {
  name: string
  kind: PointKind
  unit_id: number
  place: string
  lat?: number | null
  lng?: number | null
}

export const listPoints = (q: Query) => http.get<Page<Point>>('/api/v1/org/points', q)
export const getPoint = (id: number) => http.get<Point>(`/api/v1/org/points/${id}`)
export const createPoint = (body: PointForm) => http.post<Point>('/api/v1/org/points', body, { silent: true })
export const updatePoint = (id: number, body: Partial<PointForm>) =>
  http.patch<Point>(`/api/v1/org/points/${id}`, body, { silent: true })
export const deactivatePoint = (id: number) => http.post<Point>(`/api/v1/org/points/${id}:deactivate`)
export const importPoints = (rows: Record<string, unknown>[], dry_run: boolean) =>
  http.post<ImportResult>('/api/v1/org/points:import', { rows, dry_run }, { silent: true })
export const exportPoints = (q: Query) => download('/api/v1/org/points:export', q, 'points.xlsx')
