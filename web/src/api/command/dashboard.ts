// The command dashboard: GET /api/v1/command/dashboard, polled with its ETag
// (If-None-Match → 304 when no figure moved; see docs/adr/0002-live-refresh.md).
import { ApiError, buildQuery, type Query } from '@/api/request'

export interface ScreeningFigures {
  vehicles: number
  people: number
  people_tested: number
  vehicles_turned_back: number
  people_turned_back: number
  fever: number
  handovers: number
  handovers_receipted: number
}
/** The community_daily columns (gates, refusals, observation, rounds, alerts, needs, estate tasks). */
export type CommunityFigures = Record<string, number>

export interface Block {
  screening: ScreeningFigures
  community: CommunityFigures
}
export interface Stocks {
  households_on_file: number
  persons_on_file: number
  under_observation: number
  open_alerts: number
  open_needs: number
}
export interface Decisions {
  vehicles_passed: number
  vehicles_turned_back: number
  people_passed: number
  people_turned_back: number
  fever: number
  gate_refused: { fever: number; quota: number; not_resident: number; other: number }
}
export interface Place {
  kind: 'unit' | 'point' | 'self'
  id: number
  name: string
  level: string
}
export interface DashboardChild extends Place {
  has_children: boolean
  today: Block
  cumulative: Block
}
export interface Dashboard {
  target: Place
  path: Place[]
  parent: Place | null
  day: string
  from: string
  days: number
  latest_day: string | null
  as_of: string
  today: Block
  cumulative: Block & { stocks: Stocks }
  decisions: { today: Decisions; cumulative: Decisions }
  trend: (Block & { day: string })[]
  children: DashboardChild[]
}

export interface DashboardParams extends Query {
  unit_id?: number
  point_id?: number
  day?: string
  days?: number
}

/**
 * Reads the dashboard. With `etag` (the last answer's), a poll whose figures did not move
 * answers `{ notModified: true }` without a body.
 */
export async function fetchDashboard(
  params: DashboardParams,
  etag?: string,
): Promise<{ notModified: true } | { notModified: false; data: Dashboard; etag: string }> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (etag) headers['If-None-Match'] = etag
  let res: Response
  try {
    res = await fetch('/api/v1/command/dashboard' + buildQuery(params), { headers, credentials: 'same-origin', cache: 'no-store' })
  } catch {
    throw new ApiError(0, 'network', 'network')
  }
  if (res.status === 304) return { notModified: true }
  if (!res.ok) {
    let code = `http_${res.status}`
    let message = ''
    let fields = []
    try {
      const e = (await res.json())?.error
      if (e) {
        code = e.code || code
        message = e.message || ''
        fields = Array.isArray(e.fields) ? e.fields : []
      }
    } catch {
      /* not JSON */
    }
    throw new ApiError(res.status, code, message || code, fields)
  }
  return { notModified: false, data: (await res.json()) as Dashboard, etag: res.headers.get('ETag') || '' }
}
