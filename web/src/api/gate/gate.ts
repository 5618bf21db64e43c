import { http, rawRequest, type Page, type Query } from '../request'
import type { GateBatchResult, GateEvent, GateEventIn, GateHousehold, GatePass, GateRulesDoc, OfflinePack } from './types'
import type { GateRules } from '@/utils/gateRules'

export const listGateHouseholds = (q: Query) => http.get<Page<GateHousehold>>('/api/v1/residents/passes:households', q)
export const listPasses = (q: Query) => http.get<Page<GatePass>>('/api/v1/residents/passes', q)
export const issuePasses = (household_ids: number[], person_ids: number[] = []) =>
  http.post<Page<GatePass>>('/api/v1/residents/passes:issue', { household_ids, person_ids })
export const revokePass = (id: number, reason: string) => http.post<GatePass>(`/api/v1/residents/passes/${id}:revoke`, { reason })
export const reissuePass = (id: number) => http.post<GatePass>(`/api/v1/residents/passes/${id}:reissue`)

export const listGateEvents = (q: Query) => http.get<Page<GateEvent>>('/api/v1/residents/gate-events', q)
export const listConflicts = (q: Query) => http.get<Page<GateEvent>>('/api/v1/residents/gate/conflicts', q)
export const currentlyOut = (point_id: number, silent = false) =>
  http.get<{ items: GateEvent[] }>('/api/v1/residents/gate/out', { point_id }, { silent, noAuthRedirect: silent })
export const createGateEvent = (body: GateEventIn) =>
  http.post<GateEvent>('/api/v1/residents/gate-events', body, { silent: true, noAuthRedirect: true })

export const gateRules = (unit_id: number) => http.get<GateRulesDoc>('/api/v1/residents/gate-rules', { unit_id })
export const gateRuleVersions = (unit_id: number) =>
  http.get<{ items: GateRulesDoc[] }>('/api/v1/residents/gate-rules/versions', { unit_id })
export const saveGateRules = (unit_id: number, rules: Partial<GateRules>, note: string) =>
  http.post<GateRulesDoc>('/api/v1/residents/gate-rules', { unit_id, rules, note })

export const offlinePack = (point_id: number) =>
  http.get<OfflinePack>('/api/v1/residents/gate/offline-pack', { point_id }, { silent: true, noAuthRedirect: true })

/** The phone's sync call (silent; status 0 when the network is down). */
export async function sendGateBatch(records: GateEventIn[]): Promise<GateBatchResult[]> {
  const res = await rawRequest('POST', '/api/v1/residents/gate-events:batch', { body: { records }, silent: true, noAuthRedirect: true })
  const body = (await res.json()) as { results?: GateBatchResult[] }
  return body.results ?? []
}
