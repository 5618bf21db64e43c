// The fields each import takes, the header names that map to them
// automatically (Chinese and English), and how a cell's text becomes a value.
import { CADRE_CATEGORIES, POINT_KINDS, UNIT_LEVELS } from '@/api/types'
import zh from '@/locales/zh-CN'
import en from '@/locales/en'

export type FieldType = 'string' | 'number' | 'bool' | 'enum'
export interface ImportField {
  key: string
  label: string // i18n key
  required?: boolean
  type?: FieldType
  aliases: string[]
  /** enum: label (zh or en, any case) or code → code */
  enumMap?: Record<string, string>
}

function enumMap(codes: readonly string[], zhLabels: Record<string, string>, enLabels: Record<string, string>) {
  const m: Record<string, string> = {}
  for (const c of codes) {
    m[c.toLowerCase()] = c
    if (zhLabels[c]) m[zhLabels[c].toLowerCase()] = c
    if (enLabels[c]) m[enLabels[c].toLowerCase()] = c
  }
  return m
}

const levelMap = enumMap(UNIT_LEVELS, zh.enums.unitLevel, en.enums.unitLevel)
Object.assign(levelMap, { 乡镇: 'town', 街道: 'town', 镇: 'town', 社区: 'community', 村: 'community', 小区: 'estate', 村组: 'estate' })
const kindMap = enumMap(POINT_KINDS, zh.enums.pointKind, en.enums.pointKind)
Object.assign(kindMap, { 门岗: 'community_gate', 社区门岗: 'community_gate', 小区门岗: 'community_gate', 监测站: 'station', 站点: 'station', gate: 'community_gate' })
const cadreMap = enumMap(CADRE_CATEGORIES, zh.enums.cadre, en.enums.cadre)
Object.assign(cadreMap, { 村党支部书记: 'village_secretary', 社区党支部书记: 'village_secretary', 党支部书记: 'village_secretary' })

export const IMPORT_FIELDS: Record<'units' | 'points' | 'staff', ImportField[]> = {
  units: [
    { key: 'code', label: 'unit.code', required: true, aliases: ['编码', '代码', '区划代码', '单位编码', 'code', 'division code'] },
    { key: 'name', label: 'unit.name', required: true, aliases: ['名称', '单位名称', '单位', 'name', 'unit name'] },
    { key: 'level', label: 'unit.level', required: true, type: 'enum', enumMap: levelMap, aliases: ['级别', '层级', '类型', 'level'] },
    { key: 'parent_code', label: 'unit.parentCode', aliases: ['上级编码', '上级代码', '上级单位编码', '上级区划代码', 'parent code', 'parent_code', 'parent'] },
  ],
  points: [
    { key: 'name', label: 'point.name', required: true, aliases: ['名称', '卡点名称', '卡点', 'name', 'point name'] },
    { key: 'kind', label: 'point.kind', required: true, type: 'enum', enumMap: kindMap, aliases: ['类型', '卡点类型', 'kind', 'type'] },
    { key: 'unit_code', label: 'point.unitCode', required: true, aliases: ['单位编码', '所属单位编码', '单位代码', '区划代码', 'unit code', 'unit_code'] },
    { key: 'place', label: 'point.place', aliases: ['位置', '地点', '地址', 'place', 'address', 'location'] },
    { key: 'lat', label: 'point.lat', type: 'number', aliases: ['纬度', 'lat', 'latitude'] },
    { key: 'lng', label: 'point.lng', type: 'number', aliases: ['经度', 'lng', 'lon', 'longitude'] },
  ],
  staff: [
    { key: 'name', label: 'staff.name', required: true, aliases: ['姓名', '名字', 'name'] },
    { key: 'phone', label: 'staff.phone', required: true, aliases: ['手机号', '手机', '手机号码', '电话', '联系电话', 'phone', 'mobile'] },
    { key: 'unit_code', label: 'staff.unitCode', required: true, aliases: ['单位编码', '所属单位编码', '单位代码', 'unit code', 'unit_code'] },
    { key: 'party_member', label: 'staff.partyMember', type: 'bool', aliases: ['党员', '是否党员', '政治面貌', 'party member', 'party_member'] },
    { key: 'cadre_category', label: 'staff.cadre', type: 'enum', enumMap: cadreMap, aliases: ['人员类别', '类别', '干部类别', 'category', 'cadre category', 'cadre_category'] },
    { key: 'duty', label: 'staff.duty', aliases: ['职务', '岗位', '职务/岗位', 'duty', 'post', 'position'] },
  ],
}

function norm(s: string) {
  return s.replace(/[\s_*（）()：:]/g, '').toLowerCase()
}

/** Column index for each field from the header names; -1 when none matches. */
export function autoMap(fields: ImportField[], headers: string[], labelOf: (key: string) => string[]): Record<string, number> {
  const used = new Set<number>()
  const out: Record<string, number> = {}
  const normHeaders = headers.map(norm)
  for (const f of fields) {
    const names = [f.key, ...f.aliases, ...labelOf(f.label)].map(norm)
    let idx = normHeaders.findIndex((h, i) => !used.has(i) && h !== '' && names.includes(h))
    if (idx < 0) idx = normHeaders.findIndex((h, i) => !used.has(i) && h !== '' && names.some((n) => n.length > 1 && h.includes(n)))
    out[f.key] = idx
    if (idx >= 0) used.add(idx)
  }
  return out
}

const TRUE = new Set(['是', '党员', '中共党员', '中国共产党党员', 'y', 'yes', 'true', '1', '√', 'party member'])
const FALSE = new Set(['否', '非党员', '群众', 'n', 'no', 'false', '0', '×', ''])

/** A cell's text as the value the API takes; unknown text is passed on so the server reports it. */
export function convert(field: ImportField, text: string): unknown {
  const s = text.trim()
  if (s === '') return undefined
  switch (field.type) {
    case 'number': {
      const n = Number(s)
      return Number.isFinite(n) ? n : s
    }
    case 'bool': {
      const l = s.toLowerCase()
      if (TRUE.has(l)) return true
      if (FALSE.has(l)) return false
      return s
    }
    case 'enum':
      return field.enumMap?.[s.toLowerCase()] ?? s
    default:
      return s
  }
}
