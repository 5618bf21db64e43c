export type UnitLevel = 'city' | 'town' | 'community' | 'estate' | 'department'
export const UNIT_LEVELS: UnitLevel[] = ['city', 'town', 'community', 'estate', 'department']

export interface UnitRef {
  id: number
  code: string
  name: string
  level: UnitLevel
}
export interface Unit extends UnitRef {
  parent_id: number | null
  active: boolean
}
export interface UnitNode extends Unit {
  children?: UnitNode[]
}

export type PointKind = 'checkpoint' | 'community_gate' | 'station'
export const POINT_KINDS: PointKind[] = ['checkpoint', 'community_gate', 'station']
export interface Point {
  id: number
  name: string
  kind: PointKind
  unit_id: number
  unit_name: string
  place: string
  lat: number | null
  lng: number | null
  active: boolean
  created_at: string
}

export type CadreCategory =
  | 'section_level'
  | 'ordinary_cadre'
  | 'village_secretary'
  | 'first_secretary'
  | 'outstanding_member'
  | 'professional'
  | 'volunteer'
  | 'other'
export const CADRE_CATEGORIES: CadreCategory[] = [
  'section_level',
  'ordinary_cadre',
  'village_secretary',
  'first_secretary',
  'outstanding_member',
  'professional',
  'volunteer',
  'other',
]
export interface Staff {
  id: number
  name: string
  phone_masked: string
  unit_id: number
  unit_name: string
  party_member: boolean
  cadre_category: CadreCategory
  duty: string | null
  active: boolean
}

export interface CurrentUser {
  id: number
  username: string
  display_name: string
  unit: UnitRef
  roles: string[]
  permissions: string[]
  must_change_password: boolean
}

export interface User {
  id: number
  username: string
  display_name: string
  unit_id: number
  unit_name: string
  roles: string[]
  active: boolean
  created_at: string
}
export interface Role {
  name: string
  label_zh: string
  label_en: string
  permissions: string[]
}

export interface AuditEntry {
  id: number
  at: string
  user_id: number | null
  username: string | null
  action: string
  entity: string
  entity_id: string | number | null
  before: unknown
  after: unknown
  request_id: string | null
}
