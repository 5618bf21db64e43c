import { http } from '../request'
import type { CurrentUser } from '../types'

export interface LoginReply {
  token: string
  expires_at: string
  csrf_token: string
  user: CurrentUser
}

export const login = (username: string, password: string) =>
  http.post<LoginReply>('/api/v1/auth/login', { username, password }, { silent: true, noAuthRedirect: true })

export const logout = () => http.post<void>('/api/v1/auth/logout', undefined, { silent: true, noAuthRedirect: true })

// Ends every session of my account (other browsers and phones too), this one included.
export const logoutAll = () => http.post<void>('/api/v1/auth/logout-all', undefined, { silent: true, noAuthRedirect: true })

export const me = () =>
  http.get<{ user: CurrentUser; csrf_token: string }>('/api/v1/auth/me', undefined, { silent: true, noAuthRedirect: true })

export const changePassword = (old_password: string, new_password: string) =>
  http.post<void>('/api/v1/auth/password', { old_password, new_password }, { silent: true })
