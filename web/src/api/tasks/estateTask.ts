// Estate daily tasks: /api/v1/residents/estate-tasks (docs/estate-tasks.md).
import { http } from '../request'

export type TaskStatus = 'pending' | 'done' | 'not_done'

export interface TaskTemplate {
  id: number
  unit_id: number | null
  unit_name: string
  city_wide: boolean
  name: string
  note: string
  sort_order: number
  active: boolean
  created_day: string
  deactivated_day: string | null
  editable: boolean
}

export interface EstateTask {
  id: number
  unit_id: number
  template_id: number
  name: string
  day: string
  status: TaskStatus
  note: string
  marked_by: number | null
  marked_by_name: string
  marked_at: string | null
}

export interface TaskUnitRow {
  unit_id: number
  unit_name: string
  level: string
  community_id: number
  community_name: string
  town_id: number
  town_name: string
  due: number
  done?: number
  tasks: EstateTask[]
}

export interface TaskGrid {
  day: string
  editable: boolean
  templates: TaskTemplate[]
  rows: TaskUnitRow[]
  totals: { due: number; done: number; not_done: number; pending: number }
}

export interface Undone {
  day: string
  due: number
  undone: number
  units: number
  units_all_done: number
  towns: { town_id: number; town_name: string; due: number; undone: number; estates: TaskUnitRow[] }[]
}

export interface MarkBody {
  client_key?: string
  unit_id: number
  template_id: number
  day: string
  status?: 'done' | 'not_done'
  note?: string
}

export interface MarkResult {
  mark_id: number
  client_key: string | null
  action: 'done' | 'not_done' | 'undo'
  task: EstateTask
}

const base = '/api/v1/residents/estate-tasks'

export const getGrid = (day: string, unitId?: number | null, silent = false) =>
  http.get<TaskGrid>(`${base}/days/${day}`, { unit_id: unitId ?? undefined }, { silent })
export const getUndone = (day: string, unitId?: number | null) =>
  http.get<Undone>(`${base}:undone`, { day, unit_id: unitId ?? undefined })
export const markTask = (body: MarkBody, silent = false) => http.post<MarkResult>(`${base}:mark`, body, { silent })
export const undoTask = (body: MarkBody) => http.post<MarkResult>(`${base}:undo`, body)
export const listTemplates = (unitId?: number | null, includeInactive = false) =>
  http.get<{ items: TaskTemplate[] }>(`${base}/templates`, { unit_id: unitId ?? undefined, include_inactive: includeInactive })
export const createTemplate = (body: { unit_id?: number | null; name: string; note?: string; sort_order?: number }) =>
  http.post<TaskTemplate>(`${base}/templates`, body)
export const updateTemplate = (id: number, body: { name?: string; note?: string; sort_order?: number }) =>
  http.patch<TaskTemplate>(`${base}/templates/${id}`, body)
export const deactivateTemplate = (id: number) => http.post<TaskTemplate>(`${base}/templates/${id}:deactivate`)
