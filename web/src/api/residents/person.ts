import { download, http, type Page, type Query } from '../request'

export const RELATIONS = ['head', 'spouse', 'child', 'parent', 'relative', 'tenant', 'employee', 'other'] as const
export const SPECIAL_KINDS = ['pregnancy', 'dialysis', 'chronic_illness', 'disability', 'elderly_alone', 'other'] as const

export interface Person {
  id: number
  household_id: number
  household_address: string
  unit_id: number
  unit_name: string
  name: string
  id_number_masked: string
  id_number?: string
  sex: 'male' | 'female' | null
  birth_date: string | null
  phone_masked: string
  phone?: string
  relation: string
  is_staff: boolean
  staff_employer: string
  staff_duty: string
  special_kind: string | null
  special_note: string
  returned: boolean
  origin_code: string
  origin_name: string
  returned_on: string | null
  active: boolean
}
export type PersonForm = Partial<{
  household_id: number
  name: string
  id_number: string
  phone: string
  relation: string
  is_staff: boolean
  staff_employer: string
  staff_duty: string
  special_kind: string | null
  special_note: string
  returned: boolean
  origin_code: string
  origin_name: string
  returned_on: string
}>
export interface DuplicateGroup {
  reason: 'name_phone' | 'name_birth_date'
  persons: Person[]
}

export const listPersons = (q: Query) => http.get<Page<Person>>('/api/v1/residents/persons', q)
export const getPerson = (id: number) => http.get<Person>(`/api/v1/residents/persons/${id}`)
export const createPerson = (body: PersonForm) => http.post<Person>('/api/v1/residents/persons', body, { silent: true })
export const updatePerson = (id: number, body: PersonForm) => http.patch<Person>(`/api/v1/residents/persons/${id}`, body, { silent: true })
export const deactivatePerson = (id: number) => http.post<Person>(`/api/v1/residents/persons/${id}:deactivate`)
export const revealPerson = (id: number) => http.post<Person>(`/api/v1/residents/persons/${id}:reveal`)
export const mergePerson = (id: number, into: number) => http.post<Person>(`/api/v1/residents/persons/${id}:merge`, { into })
export const movePerson = (id: number, householdId: number) =>
  http.post<Person>(`/api/v1/residents/persons/${id}:move`, { household_id: householdId }, { silent: true })
export const listDuplicates = () => http.get<{ items: DuplicateGroup[] }>('/api/v1/residents/persons:duplicates')
export const exportPersons = (q: Query) => download('/api/v1/residents/persons:export', q, 'persons.xlsx')
