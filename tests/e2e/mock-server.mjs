// A small in-memory stand-in for the fangkong API, for working on the web
// front end before (or without) the C++ server: serves web/dist with SPA
// fallback and answers the /api/v1 contract the front end uses.
// Not used by the e2e tests, which run against the real server (FK_BASE_URL).
//   node tests/e2e/mock-server.mjs [port]
import http from 'node:http'
import fs from 'node:fs'
import path from 'node:path'
import crypto from 'node:crypto'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const dist = path.resolve(here, '../../web/dist')
const port = Number(process.argv[2] || process.env.PORT || 8090)

const ALL = ['org:unit:read', 'org:unit:write', 'org:point:read', 'org:point:write', 'org:staff:read', 'org:staff:write', 'org:staff:reveal', 'audit:log:read', 'auth:user:read', 'auth:user:write']
const roles = [
  { name: 'admin', label_zh: '系统管理员', label_en: 'Administrator', permissions: ALL },
  { name: 'commander', label_zh: '指挥部', label_en: 'Command centre', permissions: ['org:unit:read', 'org:point:read', 'org:staff:read', 'org:staff:reveal', 'audit:log:read'] },
  { name: 'checkpoint', label_zh: '卡口人员', label_en: 'Checkpoint staff', permissions: ['org:point:read'] },
  { name: 'viewer', label_zh: '只读', label_en: 'Viewer', permissions: ['org:unit:read', 'org:point:read', 'org:staff:read'] },
]
let nextId = 100
const units = [
  { id: 1, code: '410184', name: '新郑市', level: 'city', parent_id: null, active: true },
  { id: 2, code: '410184001', name: '新建路街道', level: 'town', parent_id: 1, active: true },
  { id: 3, code: '410184101', name: '龙湖镇', level: 'town', parent_id: 1, active: true },
  { id: 4, code: '410184101001', name: '龙湖社区', level: 'community', parent_id: 3, active: true },
]
const points = [{ id: 1, name: 'G107 新郑北卡口', kind: 'checkpoint', unit_id: 3, place: 'G107 与龙湖大道交叉口', lat: 34.5, lng: 113.7, active: true, created_at: new Date().toISOString() }]
const staff = [{ id: 1, name: '张伟', phone: '13812345678', unit_id: 4, party_member: true, cadre_category: 'village_secretary', duty: '书记', active: true }]
const users = ['admin', 'commander', 'checkpoint', 'viewer'].map((u, i) => ({ id: i + 1, username: u, display_name: u, unit_id: 1, roles: [u], active: true, created_at: new Date().toISOString(), password: 'Fangkong@2020' }))
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
  const s = sessions.get(cookies(req).fk_session)
  if (!s) return err(res, 401, 'unauthenticated', '未登录')
  if (m !== 'GET' && req.headers['x-csrf-token'] !== s.csrf) return err(res, 403, 'csrf', 'CSRF 校验失败')
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
  if (p === '/org/points' && m === 'GET') return need('org:point:read') && page(res, points.filter((x) => activeFilter(q, x) && (!q.get('kind') || x.kind === q.get('kind')) && (!q.get('q') || x.name.includes(q.get('q'))) && (!q.get('unit_id') || x.unit_id === Number(q.get('unit_id')))).map(pointOut), q)
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

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2' }
http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x')
  if (url.pathname.startsWith('/api/v1/')) return api(req, res, url).catch((e) => { console.error(e); err(res, 500, 'internal', '服务器错误') })
  let file = path.join(dist, path.normalize(url.pathname))
  if (!file.startsWith(dist) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(dist, 'index.html')
  res.writeHead(200, { 'Content-Type': types[path.extname(file)] || 'application/octet-stream' })
  fs.createReadStream(file).pipe(res)
}).listen(port, '127.0.0.1', () => console.log(`mock fangkong on http://127.0.0.1:${port}/`))
