import { download, http, type Page, type Query } from '../request'
import type { Handover, Outcome, Receiver } from './types'

export const listHandovers = (q: Query) => http.get<Page<Handover>>('/api/v1/screening/handovers', q)
export const getHandover = (id: number) => http.get<Handover>(`/api/v1/screening/handovers/${id}`)
export const receiptHandover = (id: number, body: { receipt_code: string } | { receiver_id: number }) =>
  http.post<Handover>(`/api/v1/screening/handovers/${id}:receipt`, body, { silent: true })
export const setOutcome = (id: number, outcome: Outcome, note: string) =>
  http.post<Handover>(`/api/v1/screening/handovers/${id}:outcome`, { outcome, note }, { silent: true })
export const exportHandovers = (q: Query) => download('/api/v1/screening/handovers:export', q, 'handovers.xlsx')
export const listReceivers = () => http.get<{ items: Receiver[] }>('/api/v1/screening/receivers')
