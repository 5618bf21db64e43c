import { download, http, rawRequest, type Page, type Query } from '../request'
import type { BatchResult, OccupantIn, Passage, PassageIn } from './types'

export const listPassages = (q: Query) => http.get<Page<Passage>>('/api/v1/screening/passages', q)
export const getPassage = (id: number) => http.get<Passage>(`/api/v1/screening/passages/${id}`)
export const createPassage = (body: PassageIn) => http.post<Passage>('/api/v1/screening/passages', body, { silent: true })
export const revealPassage = (id: number) =>
  http.post<{ occupants: OccupantIn[] } & Partial<Passage>>(`/api/v1/screening/passages/${id}:reveal`)
export const exportPassages = (q: Query) => download('/api/v1/screening/passages:export', q, 'passages.xlsx')

/**
 * The phone's sync call: silent (the queue shows each entry's state) and no
 * redirect on 401 (the queue waits for the next login). Throws ApiError with
 * status 0 when the network is down.
 */
export async function sendBatch(records: PassageIn[]): Promise<BatchResult[]> {
  const res = await rawRequest('POST', '/api/v1/screening/passages:batch', {
    body: { records },
    silent: true,
    noAuthRedirect: true,
  })
  const body = (await res.json()) as { results?: BatchResult[] }
  return body.results ?? []
}
