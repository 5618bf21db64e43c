import { http, type Page, type Query } from '../request'
import type { Role, User } from '../types'

export interface UserCreate {
  username: string
  display_name: string
  unit_id: number
  roles: string[]
  password: string
}
export type UserPatch = Partial<Pick<User, 'display_name' | 'unit_id' | 'roles' | 'active'>>

export const listUsers = (q: Query) => http.get<Page<User>>('/api/v1/users', q)
export const createUser = (body: UserCreate) => http.post<User>('/api/v1/users', body, { silent: true })
export const updateUser = (id: number, body: UserPatch) => http.patch<User>(`/api/v1/users/${id}`, body, { silent: true })
export const revokeSessions = (id: number) => http.post<void>(`/api/v1/users/${id}:revoke-sessions`)
export const listRoles = () => http.get<{ items: Role[] }>('/api/v1/roles')
