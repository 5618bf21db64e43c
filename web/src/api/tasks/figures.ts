// Community figures: GET /api/v1/residents/figures (docs/community-figures.md).
import { http, type Query } from '../request'

export type Counts = Record<string, number>
export interface Stocks {
  households_on_file: number
  persons_on_file: number
  under_observation: number
}
export interface CommunityFigures {
  unit: { id: number; name: string; level: string }
  from: string
  to: string
  as_of: string
  columns: string[]
  days: (Counts & { day: string; cumulative: Counts; stocks: Stocks })[]
  totals: Counts
  cumulative: Counts
  stocks: Stocks
  children: { unit_id: number; unit_name: string; level: string; self: boolean; has_children: boolean; totals: Counts; stocks: Stocks }[]
}

export const getFigures = (q: Query) => http.get<CommunityFigures>('/api/v1/residents/figures', q)
