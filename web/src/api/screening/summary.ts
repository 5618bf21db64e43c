import { http, type Query } from '../request'
import type { Summary } from './types'

export const getSummary = (q: Query, silent = false) =>
  http.get<Summary>('/api/v1/screening/summary', q, { silent, noAuthRedirect: silent })
