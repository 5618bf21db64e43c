// Checkpoint screening (docs/screening.md): the records as the API sends them.
import type { Decision, ScreeningRules } from '@/utils/screeningRules'
export type { Decision, ScreeningRules } from '@/utils/screeningRules'

export type VehicleKind = 'car' | 'truck' | 'bus' | 'motorcycle' | 'e_bike' | 'on_foot'
export const VEHICLE_KINDS: VehicleKind[] = ['car', 'truck', 'bus', 'motorcycle', 'e_bike', 'on_foot']
export type Direction = 'in' | 'out'
export const DIRECTIONS: Direction[] = ['in', 'out']
export type Purpose = 'return_to_work' | 'home' | 'transit' | 'freight' | 'medical' | 'official' | 'other'
export const PURPOSES: Purpose[] = ['return_to_work', 'home', 'transit', 'freight', 'medical', 'official', 'other']
export const DECISIONS: Decision[] = ['pass', 'turned_back', 'fever_handover']
export type Outcome = 'ordinary_illness' | 'excluded' | 'suspected' | 'confirmed'
export const OUTCOMES: Outcome[] = ['ordinary_illness', 'excluded', 'suspected', 'confirmed']
export type ReceiverKind = 'clinic' | 'ambulance' | 'hospital' | 'other'
export const RECEIVER_KINDS: ReceiverKind[] = ['clinic', 'ambulance', 'hospital', 'other']

export interface OriginValue {
  code?: string
  name: string
}
export interface OccupantIn {
  temperature: number | null
  name?: string
  id_number?: string
  phone?: string
}
/** The body of a create (and of each batch record). */
export interface PassageIn {
  client_key: string
  point_id: number
  vehicle_kind: VehicleKind
  plate?: string
  direction: Direction
  occupants: OccupantIn[]
  origin: OriginValue
  destination: string
  purpose: Purpose
  decision?: Decision
  rule_version?: number
  reason?: string
  device_time: string
}

/** Occupants come masked; field names follow the API's *_masked convention, plain names tolerated. */
export interface OccupantOut {
  temperature: number | null
  name?: string | null
  name_masked?: string | null
  id_number?: string | null
  id_number_masked?: string | null
  phone?: string | null
  phone_masked?: string | null
}
export type UserRef = string | { id?: number; username?: string; display_name?: string } | null
export interface Passage {
  id: number
  client_key: string
  point_id: number
  point_name?: string
  unit_name?: string
  vehicle_kind: VehicleKind
  plate: string | null
  direction: Direction
  occupants: OccupantOut[]
  origin: OriginValue
  destination: string
  purpose: Purpose
  decision: Decision
  suggested_decision: Decision
  reason?: string | null
  rule_version: number
  operator?: UserRef
  operator_id?: number
  operator_name?: string
  device_time: string
  server_time: string
  day: string
  people: number
  people_tested: number
  fever_count: number
}

export interface FieldErr {
  field: string
  rule?: string
  message?: string
}
export interface BatchResult {
  client_key: string
  status: 'created' | 'duplicate' | 'invalid'
  passage?: Passage
  errors?: FieldErr[]
}

export interface RuleVersion {
  version: number
  rules: ScreeningRules
  note: string
  created_at: string
  created_by: UserRef | number
  created_by_name?: string
}

export interface Receiver {
  id: number
  name: string
  kind: ReceiverKind
  unit_id?: number
  unit_name?: string
}
export interface Handover {
  id: number
  passage_id: number | null
  point_id: number
  point_name?: string
  plate?: string | null
  /** the person, masked (name_masked, id_number_masked, phone_masked) */
  person?: Omit<OccupantOut, 'temperature'> | null
  name?: string | null
  name_masked?: string | null
  temperature: number
  found_at?: string
  created_at?: string
  day?: string
  receiver?: Receiver | null
  receiver_id?: number | null
  receiver_name?: string | null
  receipt_method?: string | null
  receipted?: boolean
  receipted_at: string | null
  outcome: Outcome | null
  outcome_note?: string | null
  note?: string | null
}

/** The figures kept per point per day (docs/screening.md "Figures"). */
export interface Figures {
  vehicles: number
  people: number
  people_tested: number
  vehicles_turned_back: number
  people_turned_back: number
  fever: number
  handovers: number
  handovers_receipted: number
}
export const FIGURE_KEYS: (keyof Figures)[] = [
  'vehicles',
  'people',
  'people_tested',
  'vehicles_turned_back',
  'people_turned_back',
  'fever',
  'handovers',
  'handovers_receipted',
]
export type DayFigures = Partial<Figures> & { day: string; cumulative?: Partial<Figures> }
export type PointFigures = Partial<Figures> & { point_id: number; point_name: string }
export interface Summary {
  from?: string
  to?: string
  days: DayFigures[]
  range: Partial<Figures>
  /** the day the cumulative figures run to */
  as_of: string | (Partial<Figures> & { day?: string })
  /** the figures cumulative to as_of */
  as_of_figures?: Partial<Figures>
  sentence: string
  by_point?: PointFigures[]
  all_handovers_receipted?: boolean
  handovers_without_receipt?: number
}

export function userLabel(u: UserRef | number | undefined, name?: string | null): string {
  if (name) return name
  if (u == null) return ''
  if (typeof u === 'number') return `#${u}`
  if (typeof u === 'string') return u
  return u.display_name || u.username || (u.id != null ? `#${u.id}` : '')
}
