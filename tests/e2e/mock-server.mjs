// A small in-memory stand-in for the fangkong API, for working on the web
// front end before (or without) the C++ server: serves web/dist with SPA
// fallback and answers the /api/v1 contract the front end uses.
// The e2e tests normally run against the real server (FK_BASE_URL); the
// screening routes here let the phone and desk pages be tried before it has them.
//   node tests/e2e/mock-server.mjs [port]
import http from 'node:http'
import fs from 'node:fs'
import path from 'node:path'
import crypto from 'node:crypto'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const dist = path.resolve(here, '../../web/dist')
const port = Number(process.argv[2] || process.env.PORT || 8090)

const SCREENING = ['screening:passage:read', 'screening:passage:write', 'screening:rule:read', 'screening:rule:write', 'screening:handover:read', 'screening:handover:write', 'screening:person:reveal']
const ALL = ['org:unit:read', 'org:unit:write', 'org:point:read', 'org:point:write', 'org:staff:read', 'org:staff:write', 'org:staff:reveal', 'audit:log:read', 'auth:user:read', 'auth:user:write', ...SCREENING]
const roles = [
  { name: 'admin', label_zh: '系统管理员', label_en: 'Administrator', permissions: ALL },
  { name: 'commander', label_zh: '指挥部', label_en: 'Command centre', permissions: ['org:unit:read', 'org:point:read', 'org:staff:read', 'org:staff:reveal', 'audit:log:read'] },
  { name: 'checkpoint', label_zh: '卡口人员', label_en: 'Checkpoint staff', permissions: ['org:unit:read', 'org:point:read', 'screening:passage:read', 'screening:passage:write', 'screening:rule:read', 'screening:handover:read', 'screening:handover:write'] },
  { name: 'viewer', label_zh: '只读', label_en: 'Viewer', permissions: ['org:unit:read', 'org:point:read', 'org:staff:read'] },
]
let nextId = 100
const units = [
  { id: 1, code: '410184', name: '新郑市', level: 'city', parent_id: null, active: true },
  { id: 2, code: '410184001', name: '新建路街道', level: 'town', parent_id: 1, active: true },
  { id: 3, code: '410184101', name: '龙湖镇', level: 'town', parent_id: 1, active: true },
  { id: 4, code: '410184101001', name: '龙湖社区', level: 'community', parent_id: 3, active: true },
  { id: 5, code: '410184108000', name: '梨河镇', level: 'town', parent_id: 1, active: true },
]
const points = [
  { id: 1, name: 'G107 新郑北卡口', kind: 'checkpoint', unit_id: 3, place: 'G107 与龙湖大道交叉口', lat: 34.5, lng: 113.7, active: true, created_at: new Date().toISOString() },
  { id: 2, name: 'G107新郑长葛交界疫情监测站', kind: 'station', unit_id: 5, place: 'G107国道新郑与长葛交界处', lat: 34.302, lng: 113.742, active: true, created_at: new Date().toISOString() },
]
const staff = [{ id: 1, name: '张伟', phone: '13812345678', unit_id: 4, party_member: true, cadre_category: 'village_secretary', duty: '书记', active: true }]
const users = ['admin', 'commander', 'checkpoint', 'viewer'].map((u, i) => ({ id: i + 1, username: u, display_name: u, unit_id: u === 'checkpoint' ? 5 : 1, roles: [u], active: true, created_at: new Date().toISOString(), password: 'Fangkong@2020' }))
const subtree = (id) => [id, ...units.filter((x) => x.parent_id === id).flatMap((x) => subtree(x.id))]
const audit = []
const sessions = new Map()

const unitName = (id) => units.find((u) => u.id === id)?.name ?? ''
const pub = (u) => ({ id: u.id, username: u.username, display_name: u.display_name, unit_id: u.unit_id, unit_name: unitName(u.unit_id), roles: u.roles, active: u.active, created_at: u.created_at })
const perms = (u) => [...new Set(u.roles.flatMap((r) => roles.find((x) => x.name === r)?.permissions ?? []))]
const me = (u) => { const un = units.find((x) => x.id === u.unit_id); return { id: u.id, username: u.username, display_name: u.display_name, unit: { id: un.id, code: un.code, name: un.name, level: un.level }, roles: u.roles, permissions: perms(u), must_change_password: false } }
const pointOut = (p) => ({ ...p, unit_name: unitName(p.unit_id) })
const staffOut = ({ phone, ...s }) => ({ ...s, phone_masked: phone.slice(0, 3) + '****' + phone.slice(7), unit_name: unitName(s.unit_id) })

function send(res, status, body, headers = {}) {
  if (body === undefined) { res.writeHead(status, headers); return res.end() }
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}
const err = (res, status, code, message, extra = {}) => send(res, status, { error: { code, message, fields: [], ...extra } })
function cookies(req) { return Object.fromEntries((req.headers.cookie || '').split(';').map((c) => c.trim().split('=')).filter((x) => x[0])) }
function page(res, items, q) {
  const size = Number(q.get('page_size') || 20); const start = Number(q.get('page_token') || 0)
  send(res, 200, { items: items.slice(start, start + size), next_page_token: start + size < items.length ? String(start + size) : null })
}
const activeFilter = (q, x) => !q.get('active') || String(x.active) === q.get('active')
function tree(parent) { return units.filter((u) => u.parent_id === parent).map((u) => ({ ...u, children: tree(u.id) })) }
function log(user, action, entity, entity_id, before, after) { audit.unshift({ id: audit.length + 1, at: new Date().toISOString(), user_id: user.id, username: user.username, action, entity, entity_id, before, after, request_id: crypto.randomUUID() }) }

async function api(req, res, url) {
  const p = url.pathname.slice('/api/v1'.length); const q = url.searchParams; const m = req.method
  let body = {}
  if (m !== 'GET') { const chunks = []; for await (const c of req) chunks.push(c); const s = Buffer.concat(chunks).toString(); if (s) try { body = JSON.parse(s) } catch { return err(res, 400, 'bad_json', '请求体不是合法的 JSON') } }
  if (p === '/auth/login' && m === 'POST') {
    const u = users.find((x) => x.username === body.username && x.password === body.password && x.active)
    if (!u) return err(res, 401, 'unauthenticated', '用户名或密码错误')
    const token = crypto.randomBytes(16).toString('hex'); const csrf = crypto.randomBytes(8).toString('hex')
    sessions.set(token, { user: u, csrf })
    return send(res, 200, { token, expires_at: new Date(Date.now() + 864e5).toISOString(), csrf_token: csrf, user: me(u) }, { 'Set-Cookie': [`fk_session=${token}; Path=/; HttpOnly; SameSite=Strict`, `fk_csrf=${csrf}; Path=/; SameSite=Strict`] })
  }
  const bearer = /^Bearer (.+)$/.exec(req.headers.authorization || '')?.[1]
  const s = sessions.get(bearer || cookies(req).fk_session)
  if (!s) return err(res, 401, 'unauthenticated', '未登录')
  if (!bearer && m !== 'GET' && req.headers['x-csrf-token'] !== s.csrf) return err(res, 403, 'csrf', 'CSRF 校验失败')
  const u = s.user; const has = (perm) => perms(u).includes(perm)
  const need = (perm) => { if (!has(perm)) { err(res, 403, 'forbidden', '无权执行此操作'); return false } return true }
  if (p === '/auth/me') return send(res, 200, { user: me(u), csrf_token: s.csrf })
  if (p === '/auth/logout') { sessions.delete(cookies(req).fk_session); return send(res, 204) }
  if (p === '/auth/password') {
    if (body.old_password !== u.password) return err(res, 422, 'validation', '原密码错误', { fields: [{ field: 'old_password', rule: 'mismatch', message: '原密码错误' }] })
    u.password = body.new_password; return send(res, 204)
  }
  let mm
  if (p === '/org/units/tree') return need('org:unit:read') && send(res, 200, { items: tree(null) })
  if (p === '/org/units' && m === 'GET') return need('org:unit:read') && page(res, units.filter((x) => activeFilter(q, x) && (!q.get('level') || x.level === q.get('level')) && (!q.get('q') || x.name.includes(q.get('q')) || x.code.includes(q.get('q')))), q)
  if (p === '/org/units' && m === 'POST') {
    if (!need('org:unit:write')) return
    if (units.some((x) => x.code === body.code)) return err(res, 409, 'conflict', '编码已存在', { fields: [{ field: 'code', rule: 'unique', message: '编码已存在' }] })
    const n = { id: nextId++, code: body.code, name: body.name, level: body.level, parent_id: body.parent_id, active: true }; units.push(n); log(u, 'create', 'unit', n.id, null, n); return send(res, 201, n)
  }
  if ((mm = p.match(/^\/org\/units\/(\d+)(:deactivate)?$/))) {
    const x = units.find((y) => y.id === Number(mm[1])); if (!x) return err(res, 404, 'not_found', '单位不存在')
    if (m === 'GET') return send(res, 200, x)
    if (!need('org:unit:write')) return
    const before = { ...x }
    if (mm[2]) x.active = false; else Object.assign(x, body)
    log(u, mm[2] ? 'deactivate' : 'update', 'unit', x.id, before, x); return send(res, 200, x)
  }
  if (p.startsWith('/screening/')) return screening(req, res, p, q, m, body, u, need)
  if (p === '/org/points' && m === 'GET') return need('org:point:read') && page(res, points.filter((x) => subtree(u.unit_id).includes(x.unit_id) && activeFilter(q, x) && (!q.get('kind') || x.kind === q.get('kind')) && (!q.get('q') || x.name.includes(q.get('q'))) && (!q.get('unit_id') || x.unit_id === Number(q.get('unit_id')))).map(pointOut), q)
  if (p === '/org/points' && m === 'POST') {
    if (!need('org:point:write')) return
    if (!body.name) return err(res, 422, 'validation', '数据校验未通过', { fields: [{ field: 'name', rule: 'required', message: '名称不能为空' }] })
    const n = { id: nextId++, ...body, active: true, created_at: new Date().toISOString() }; points.push(n); log(u, 'create', 'point', n.id, null, n); return send(res, 201, pointOut(n))
  }
  if ((mm = p.match(/^\/org\/points\/(\d+)(:deactivate)?$/))) {
    const x = points.find((y) => y.id === Number(mm[1])); if (!x) return err(res, 404, 'not_found', '卡点不存在')
    if (m === 'GET') return send(res, 200, pointOut(x))
    if (!need('org:point:write')) return
    if (mm[2]) x.active = false; else Object.assign(x, body)
    return send(res, 200, pointOut(x))
  }
  if (p === '/org/staff' && m === 'GET') return need('org:staff:read') && page(res, staff.filter((x) => activeFilter(q, x)).map(staffOut), q)
  if (p === '/org/staff' && m === 'POST') { if (!need('org:staff:write')) return; const n = { id: nextId++, duty: null, ...body, active: true }; staff.push(n); return send(res, 201, staffOut(n)) }
  if ((mm = p.match(/^\/org\/staff\/(\d+)(:deactivate|:reveal)?$/))) {
    const x = staff.find((y) => y.id === Number(mm[1])); if (!x) return err(res, 404, 'not_found', '人员不存在')
    if (mm[2] === ':reveal') { if (!need('org:staff:reveal')) return; log(u, 'reveal', 'staff', x.id, null, null); return send(res, 200, { phone: x.phone }) }
    if (m === 'GET') return send(res, 200, staffOut(x))
    if (!need('org:staff:write')) return
    if (mm[2]) x.active = false; else Object.assign(x, body)
    return send(res, 200, staffOut(x))
  }
  if ((mm = p.match(/^\/org\/(units|points|staff):import$/))) {
    if (!need(`org:${mm[1] === 'units' ? 'unit' : mm[1] === 'points' ? 'point' : 'staff'}:write`)) return
    const errors = []
    for (const r of body.rows || []) {
      if (!r.name) errors.push({ row: r.row, field: 'name', rule: 'required', message: '名称不能为空' })
      if (mm[1] !== 'units' && !units.some((u) => u.code === r.unit_code)) errors.push({ row: r.row, field: 'unit_code', rule: 'exists', message: '单位编码不存在' })
      if (mm[1] === 'points' && !['checkpoint', 'community_gate', 'station'].includes(r.kind)) errors.push({ row: r.row, field: 'kind', rule: 'enum', message: '类型无效' })
      if (mm[1] === 'staff' && !/^1\d{10}$/.test(String(r.phone ?? ''))) errors.push({ row: r.row, field: 'phone', rule: 'phone', message: '手机号格式不正确' })
    }
    const total = (body.rows || []).length; const bad = new Set(errors.map((e) => e.row)).size
    if (!body.dry_run && errors.length) return err(res, 422, 'validation', '导入数据有误', { rows: errors })
    if (!body.dry_run && mm[1] === 'points') for (const r of body.rows) points.push({ id: nextId++, name: r.name, kind: r.kind, unit_id: units.find((u) => u.code === r.unit_code).id, place: r.place ?? '', lat: r.lat ?? null, lng: r.lng ?? null, active: true, created_at: new Date().toISOString() })
    return send(res, 200, { dry_run: !!body.dry_run, total, valid: total - bad, created: body.dry_run ? 0 : total, errors })
  }
  if ((mm = p.match(/^\/org\/(units|points|staff):export$/))) {
    res.writeHead(200, { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Content-Disposition': `attachment; filename="${mm[1]}.xlsx"` })
    return res.end(Buffer.from('PK mock'))
  }
  if (p === '/audit') return need('audit:log:read') && page(res, audit, q)
  if (p === '/roles') return need('auth:user:read') && send(res, 200, { items: roles })
  if (p === '/users' && m === 'GET') return need('auth:user:read') && page(res, users.map(pub), q)
  if (p === '/users' && m === 'POST') { if (!need('auth:user:write')) return; const n = { id: nextId++, ...body, active: true, created_at: new Date().toISOString() }; users.push(n); return send(res, 201, pub(n)) }
  if ((mm = p.match(/^\/users\/(\d+)(:revoke-sessions)?$/))) {
    if (!need('auth:user:write')) return
    const x = users.find((y) => y.id === Number(mm[1])); if (!x) return err(res, 404, 'not_found', '用户不存在')
    if (mm[2]) { for (const [k, v] of sessions) if (v.user === x) sessions.delete(k); return send(res, 204) }
    Object.assign(x, body); return send(res, 200, pub(x))
  }
  return err(res, 404, 'not_found', '接口不存在')
}

// ---- screening (docs/screening.md) -------------------------------------------
const rulesVersions = [{ version: 1, note: '初始规则', created_at: '2020-01-20T00:00:00Z', created_by: 1, created_by_name: 'admin',
  rules: { fever_threshold: 37.3, turn_back_origins: [{ code: '42', name: '湖北省' }, { code: '4113', name: '河南省南阳市' }], exempt_purposes: ['freight', 'medical', 'official', 'home'] } }]
const passages = []
const handovers = []
const receivers = [{ id: 1, name: '新郑市人民医院发热门诊', kind: 'clinic', unit_id: 1, receipt_code: '246810' }, { id: 2, name: '新郑市120急救站', kind: 'ambulance', unit_id: 1, receipt_code: '135790' }]
const byKey = new Map()
const dayOf = (iso) => new Date(new Date(iso).getTime() + 8 * 3600e3).toISOString().slice(0, 10)
const PLATE = /^[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z]([A-HJ-NP-Z0-9]{4}[A-HJ-NP-Z0-9学警挂港澳领试超]|[DF][A-HJ-NP-Z0-9]{5}|[A-HJ-NP-Z0-9]{5}[DF])$/
const KINDS = ['car', 'truck', 'bus', 'motorcycle', 'e_bike', 'on_foot']
const PURPOSES = ['return_to_work', 'home', 'transit', 'freight', 'medical', 'official', 'other']
const mask = (o) => ({ temperature: o.temperature, name_masked: o.name ? o.name[0] + '*' : null, id_number_masked: o.id_number ? o.id_number.slice(0, 6) + '********' + o.id_number.slice(14) : null, phone_masked: o.phone ? o.phone.slice(0, 3) + '****' + o.phone.slice(7) : null })
const passageOut = (x) => ({ ...x, occupants: x.occupants.map(mask), point_name: points.find((pp) => pp.id === x.point_id)?.name })
function decideMock(rules, r) {
  const th = Math.round(rules.fever_threshold * 10)
  const fever = r.occupants.filter((o) => o.temperature != null && Math.round(o.temperature * 10) >= th).length
  if (fever) return { decision: 'fever_handover', fever_count: fever }
  const o = r.origin || {}
  const hit = rules.turn_back_origins.some((e) => (o.code ? !!e.code && o.code.startsWith(e.code) : !!o.name && o.name.startsWith(e.name)))
  return { decision: hit && !rules.exempt_purposes.includes(r.purpose) ? 'turned_back' : 'pass', fever_count: 0 }
}
function createPassage(r, u) {
  if (r.client_key && byKey.has(r.client_key)) return { status: 'duplicate', passage: passageOut(byKey.get(r.client_key)) }
  const errors = []
  if (typeof r.client_key !== 'string' || r.client_key.length < 32) errors.push({ field: 'client_key', rule: 'uuid' })
  if (!points.some((pp) => pp.id === r.point_id && subtree(u.unit_id).includes(pp.unit_id))) errors.push({ field: 'point_id', rule: 'scope' })
  if (!KINDS.includes(r.vehicle_kind)) errors.push({ field: 'vehicle_kind', rule: 'enum' })
  if (r.vehicle_kind !== 'on_foot' && !PLATE.test(String(r.plate ?? '').replace(/[\s·]/g, ''))) errors.push({ field: 'plate', rule: 'plate', message: '车牌号格式不正确' })
  if (!['in', 'out'].includes(r.direction)) errors.push({ field: 'direction', rule: 'enum' })
  if (!Array.isArray(r.occupants) || !r.occupants.length || r.occupants.length > 60) errors.push({ field: 'occupants', rule: 'count' })
  else r.occupants.forEach((o, i) => { if (o.temperature != null && (o.temperature < 34 || o.temperature > 43)) errors.push({ field: `occupants[${i}].temperature`, rule: 'range' }) })
  if (!r.origin?.name) errors.push({ field: 'origin.name', rule: 'required' })
  if (!PURPOSES.includes(r.purpose)) errors.push({ field: 'purpose', rule: 'enum' })
  if (!r.device_time || new Date(r.device_time).getTime() > Date.now() + 600e3) errors.push({ field: 'device_time', rule: 'future' })
  const cur = rulesVersions[0]
  const s = errors.length ? null : decideMock(cur.rules, r)
  if (s && r.decision && r.decision !== s.decision && (s.decision === 'fever_handover' || !r.reason)) errors.push({ field: 'reason', rule: 'required_for_override' })
  if (errors.length) return { status: 'invalid', errors }
  const x = { id: nextId++, client_key: r.client_key, point_id: r.point_id, vehicle_kind: r.vehicle_kind, plate: r.vehicle_kind === 'on_foot' ? null : r.plate.replace(/[\s·]/g, '').toUpperCase(), direction: r.direction, occupants: r.occupants, origin: r.origin, destination: r.destination ?? '', purpose: r.purpose,
    decision: r.decision || s.decision, suggested_decision: s.decision, reason: r.reason ?? null, rule_version: cur.version, operator_id: u.id,
    device_time: r.device_time, server_time: new Date().toISOString(), day: dayOf(r.device_time), people: r.occupants.length, people_tested: r.occupants.filter((o) => o.temperature != null).length, fever_count: s.fever_count }
  passages.unshift(x); byKey.set(x.client_key, x)
  r.occupants.forEach((o) => { if (o.temperature != null && Math.round(o.temperature * 10) >= Math.round(cur.rules.fever_threshold * 10)) handovers.unshift({ id: nextId++, passage_id: x.id, point_id: x.point_id, name: o.name ?? null, temperature: o.temperature, found_at: x.device_time, day: x.day, receiver_id: null, receiver_name: '', receipted_at: null, outcome: null, outcome_note: '' }) })
  return { status: 'created', passage: passageOut(x) }
}
const FIG = ['vehicles', 'people', 'people_tested', 'vehicles_turned_back', 'people_turned_back', 'fever', 'handovers', 'handovers_receipted']
function figures(list) {
  const f = Object.fromEntries(FIG.map((k) => [k, 0]))
  for (const x of list) {
    if (x.vehicle_kind !== 'on_foot') f.vehicles++
    f.people += x.people; f.people_tested += x.people_tested; f.fever += x.fever_count
    if (x.decision === 'turned_back') { if (x.vehicle_kind !== 'on_foot') f.vehicles_turned_back++; f.people_turned_back += x.people }
    const hs = handovers.filter((h) => h.passage_id === x.id); f.handovers += hs.length; f.handovers_receipted += hs.filter((h) => h.receipted_at).length
  }
  return f
}
function screening(req, res, p, q, m, body, u, need) {
  let mm
  const pointScope = (x) => { const pp = points.find((y) => y.id === x.point_id); return pp && subtree(u.unit_id).includes(pp.unit_id) }
  if (p === '/screening/passages:batch' && m === 'POST') {
    if (!need('screening:passage:write')) return
    if (!Array.isArray(body.records) || body.records.length > 1000) return err(res, 422, 'validation', '记录数须为 1 至 1000', { fields: [{ field: 'records', rule: 'count' }] })
    if (process.env.MOCK_FAIL_BATCH) return err(res, 503, 'unavailable', '服务暂不可用')
    return send(res, 200, { results: body.records.map((r) => ({ client_key: r.client_key, ...createPassage(r, u) })) })
  }
  if (p === '/screening/passages' && m === 'POST') {
    if (!need('screening:passage:write')) return
    const r = createPassage(body, u)
    if (r.status === 'invalid') return err(res, 422, 'validation', '数据校验未通过', { fields: r.errors })
    return send(res, r.status === 'created' ? 201 : 200, r.passage)
  }
  const filterP = (x) => pointScope(x) && (!q.get('from') || x.day >= q.get('from')) && (!q.get('to') || x.day <= q.get('to')) && (!q.get('point_id') || x.point_id === Number(q.get('point_id'))) &&
    (!q.get('plate') || (x.plate ?? '').includes(q.get('plate').toUpperCase())) && (!q.get('decision') || x.decision === q.get('decision')) && (q.get('fever') !== 'true' || x.fever_count > 0) &&
    (!q.get('unit_id') || subtree(Number(q.get('unit_id'))).includes(points.find((y) => y.id === x.point_id)?.unit_id))
  if (p === '/screening/passages' && m === 'GET') return need('screening:passage:read') && page(res, passages.filter(filterP).map(passageOut), q)
  if (p === '/screening/passages:export') {
    if (!need('screening:passage:read')) return
    res.writeHead(200, { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Content-Disposition': 'attachment; filename="passages.xlsx"' })
    return res.end(Buffer.from('PK mock'))
  }
  if ((mm = p.match(/^\/screening\/passages\/(\d+)(:reveal)?$/))) {
    const x = passages.find((y) => y.id === Number(mm[1]) && pointScope(y)); if (!x) return err(res, 404, 'not_found', '记录不存在')
    if (mm[2]) { if (!need('screening:person:reveal')) return; log(u, 'reveal', 'passage', x.id, null, null); return send(res, 200, { id: x.id, occupants: x.occupants }) }
    return need('screening:passage:read') && send(res, 200, passageOut(x))
  }
  if (p === '/screening/rules' && m === 'GET') return need('screening:rule:read') && send(res, 200, rulesVersions[0])
  if (p === '/screening/rules/versions') return need('screening:rule:read') && send(res, 200, { items: rulesVersions })
  if (p === '/screening/rules' && m === 'POST') {
    if (!need('screening:rule:write')) return
    const r = body.rules || {}
    if (!(r.fever_threshold >= 35 && r.fever_threshold <= 42)) return err(res, 422, 'validation', '数据校验未通过', { fields: [{ field: 'rules.fever_threshold', rule: 'range' }] })
    const v = { version: rulesVersions[0].version + 1, rules: r, note: body.note ?? '', created_at: new Date().toISOString(), created_by: u.id, created_by_name: u.display_name }
    rulesVersions.unshift(v); return send(res, 201, v)
  }
  if (p === '/screening/rules:evaluate') { const s = decideMock(rulesVersions[0].rules, body); return send(res, 200, { suggested_decision: s.decision, rule_version: rulesVersions[0].version, fever_count: s.fever_count }) }
  const hOut = ({ name, ...h }) => ({ ...h, person: { name_masked: name ? name[0] + '*' : '' }, receipted: !!h.receipted_at, point_name: points.find((y) => y.id === h.point_id)?.name })
  if (p === '/screening/handovers') {
    if (!need('screening:handover:read')) return
    return page(res, handovers.filter((h) => pointScope(h) && (!q.get('from') || h.day >= q.get('from')) && (!q.get('to') || h.day <= q.get('to')) && (!q.get('point_id') || h.point_id === Number(q.get('point_id'))) &&
      (!q.get('receipted') || String(!!h.receipted_at) === q.get('receipted')) && (!q.get('outcome') || h.outcome === q.get('outcome'))).map(hOut), q)
  }
  if ((mm = p.match(/^\/screening\/handovers\/(\d+)(:receipt|:outcome)?$/))) {
    const h = handovers.find((y) => y.id === Number(mm[1]) && pointScope(y)); if (!h) return err(res, 404, 'not_found', '记录不存在')
    if (!mm[2]) return need('screening:handover:read') && send(res, 200, hOut(h))
    if (!need('screening:handover:write')) return
    if (mm[2] === ':receipt') {
      const rc = receivers.find((r) => r.receipt_code === String(body.receipt_code ?? '').trim() || r.id === body.receiver_id)
      if (!rc) return err(res, 422, 'validation', '回执码无效', { fields: [{ field: 'receipt_code', rule: 'unknown', message: '回执码无效' }] })
      h.receiver_id = rc.id; h.receiver_name = rc.name; h.receipted_at = new Date().toISOString(); return send(res, 200, hOut(h))
    }
    if (!['ordinary_illness', 'excluded', 'suspected', 'confirmed'].includes(body.outcome)) return err(res, 422, 'validation', '结果无效', { fields: [{ field: 'outcome', rule: 'enum' }] })
    h.outcome = body.outcome; h.outcome_note = body.note ?? ''; return send(res, 200, hOut(h))
  }
  if (p === '/screening/receivers' && m === 'POST') {
    if (!need('screening:rule:write')) return
    const r = { id: nextId++, name: body.name, kind: body.kind, unit_id: body.unit_id, receipt_code: String(100000 + Math.floor(Math.random() * 900000)) }
    receivers.push(r); return send(res, 201, r)
  }
  if (p === '/screening/receivers' && m === 'GET') return need('screening:handover:read') && send(res, 200, { items: receivers.map(({ receipt_code, ...r }) => r) })
  if (p === '/screening/summary') {
    if (!need('screening:passage:read')) return
    const scoped = passages.filter((x) => pointScope(x) && (!q.get('point_id') || x.point_id === Number(q.get('point_id'))) && (!q.get('unit_id') || subtree(Number(q.get('unit_id'))).includes(points.find((y) => y.id === x.point_id)?.unit_id)))
    const to = q.get('to') || dayOf(new Date().toISOString()); const from = q.get('from') || to
    const inRange = scoped.filter((x) => x.day >= from && x.day <= to)
    const allDays = []
    for (let t = Date.parse(from + 'T00:00:00Z'); t <= Date.parse(to + 'T00:00:00Z') && allDays.length < 400; t += 864e5) allDays.push(new Date(t).toISOString().slice(0, 10))
    const days = allDays.map((d) => ({ day: d, ...figures(inRange.filter((x) => x.day === d)), cumulative: figures(scoped.filter((x) => x.day <= d)) }))
    const asOf = figures(scoped.filter((x) => x.day <= to))
    const [, mo, dd] = to.split('-').map(Number)
    const sentence = `截至${mo}月${dd}日，累计排查车辆${asOf.vehicles}台、${asOf.people}人（均测量体温），劝返车辆${asOf.vehicles_turned_back}台、${asOf.people_turned_back}人，发现发热人员${asOf.fever}名（均依规处置到位）`
    const by_point = points.filter((pp) => subtree(u.unit_id).includes(pp.unit_id) && (pp.kind !== 'community_gate')).map((pp) => ({ point_id: pp.id, point_name: pp.name, ...figures(inRange.filter((x) => x.point_id === pp.id)) }))
    return send(res, 200, { from, to, as_of: to, days, range: figures(inRange), as_of_figures: asOf, sentence, by_point, handovers_without_receipt: asOf.handovers - asOf.handovers_receipted })
  }
  return err(res, 404, 'not_found', '接口不存在')
}

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.webmanifest': 'application/manifest+json' }
http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x')
  if (url.pathname.startsWith('/api/v1/')) return api(req, res, url).catch((e) => { console.error(e); err(res, 500, 'internal', '服务器错误') })
  let file = path.join(dist, path.normalize(url.pathname))
  if (!file.startsWith(dist) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(dist, 'index.html')
  res.writeHead(200, { 'Content-Type': types[path.extname(file)] || 'application/octet-stream' })
  fs.createReadStream(file).pipe(res)
}).listen(port, '127.0.0.1', () => console.log(`mock fangkong on http://127.0.0.1:${port}/`))
