import { http, type Page, type Query } from '../request'
import type { AuditEntry } from '../types'

export const listAudit = (q: Query) => http.get<Page<AuditEntry>>('/api/v1/audit', q)
