import { download, http, type Page, type Query } from '../request'
import type { Person } from './person'

export const HOUSEHOLD_KINDS = ['owner_occupied', 'rented', 'dormitory', 'shop'] as const
export type HouseholdKind = (typeof HOUSEHOLD_KINDS)[number]

export interface Household {
  id: number
  unit_id: number
  unit_name: string
  building: string
  entrance: string
  room: string
  address: string
  kind: HouseholdKind
  phone_masked: string
  phone?: string
  note: string
  active: boolean
  members: number
  member_list?: Person[]
}
export interface HouseholdForm {
  unit_id?: number
  building?: string
  entrance?: string
  room?: string
  address?: string
  kind?: HouseholdKind
  phone?: string
  note?: string
}

export const listHouseholds = (q: Query) => http.get<Page<Household>>('/api/v1/residents/households', q)
export const getHousehold = (id: number) => http.get<Household>(`/api/v1/residents/households/${id}`)
export const createHousehold = (body: HouseholdForm) => http.post<Household>('/api/v1/residents/households', body, { silent: true })
export const updateHousehold = (id: number, body: HouseholdForm) =>
  http.patch<Household>(`/api/v1/residents/households/${id}`, body, { silent: true })
export const deactivateHousehold = (id: number) => http.post<Household>(`/api/v1/residents/households/${id}:deactivate`)
export const revealHousehold = (id: number) => http.post<Household>(`/api/v1/residents/households/${id}:reveal`)
export const exportHouseholds = (q: Query) => download('/api/v1/residents/households:export', q, 'households.xlsx')
