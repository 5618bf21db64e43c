// The one request module: every call to the fangkong API goes through here.
// Same-origin relative paths, the session cookie, the CSRF header on every
// non-GET request, and one place that turns error replies into ApiError and
// user-visible messages.
import { ElMessage } from 'element-plus'
import { i18n } from '@/locales'

export interface FieldError {
  field: string
  rule?: string
  message?: string
}
export interface RowError {
  row: number
  field?: string
  rule?: string
  message?: string
}

export class ApiError extends Error {
  status: number
  code: string
  fields: FieldError[]
  rows: RowError[]
  constructor(status: number, code: string, message: string, fields: FieldError[] = [], rows: RowError[] = []) {
    super(message)
    this.status = status
    this.code = code
    this.fields = fields
    this.rows = rows
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>

export interface RequestOptions {
  params?: Query
  body?: unknown
  /** Do not show a message for errors; the caller handles them. */
  silent?: boolean
  /** Do not redirect to the login page on 401 (login and /auth/me). */
  noAuthRedirect?: boolean
}

let csrfToken = ''
export function setCsrfToken(token: string | undefined | null) {
  csrfToken = token || ''
}
function readCookie(name: string): string {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === name) return decodeURIComponent(v.join('='))
  }
  return ''
}
export function getCsrfToken(): string {
  return readCookie('fk_csrf') || csrfToken
}

type UnauthorizedHandler = () => void
let onUnauthorized: UnauthorizedHandler = () => {}
export function setUnauthorizedHandler(fn: UnauthorizedHandler) {
  onUnauthorized = fn
}

export function buildQuery(params?: Query): string {
  if (!params) return ''
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue
    q.append(k, String(v))
  }
  const s = q.toString()
  return s ? `?${s}` : ''
}

function t(key: string): string {
  return i18n.global.t(key) as string
}

function statusMessage(status: number): string {
  switch (status) {
    case 400: return t('error.badRequest')
    case 401: return t('error.unauthorized')
    case 403: return t('error.forbidden')
    case 404: return t('error.notFound')
    case 409: return t('error.conflict')
    case 413: return t('error.tooLarge')
    case 422: return t('error.validation')
    case 429: return t('error.tooMany')
    default: return status >= 500 ? t('error.server') : t('error.unknown')
  }
}

async function toApiError(res: Response): Promise<ApiError> {
  let code = `http_${res.status}`
  let message = ''
  let fields: FieldError[] = []
  let rows: RowError[] = []
  try {
    const body = await res.json()
    const e = body?.error
    if (e) {
      code = e.code || code
      message = e.message || ''
      fields = Array.isArray(e.fields) ? e.fields : []
      rows = Array.isArray(e.rows) ? e.rows : []
    }
  } catch {
    /* not JSON */
  }
  return new ApiError(res.status, code, message || statusMessage(res.status), fields, rows)
}

export function errorText(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.fields.length) {
      const details = e.fields.map((f) => f.message || `${f.field}: ${f.rule ?? ''}`).join('; ')
      return `${e.message} (${details})`
    }
    return e.message
  }
  if (e instanceof Error) return e.message
  return String(e)
}

export async function rawRequest(method: string, url: string, opts: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  const init: RequestInit = { method, headers, credentials: 'same-origin' }
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    init.body = JSON.stringify(opts.body)
  }
  if (method !== 'GET' && method !== 'HEAD') {
    const token = getCsrfToken()
    if (token) headers['X-CSRF-Token'] = token
  }
  let res: Response
  try {
    res = await fetch(url + buildQuery(opts.params), init)
  } catch {
    const err = new ApiError(0, 'network', t('error.network'))
    if (!opts.silent) ElMessage.error(err.message)
    throw err
  }
  if (!res.ok) {
    const err = await toApiError(res)
    if (res.status === 401 && !opts.noAuthRedirect) {
      onUnauthorized()
      throw err
    }
    if (!opts.silent) ElMessage.error(errorText(err))
    throw err
  }
  return res
}

export async function request<T = unknown>(method: string, url: string, opts: RequestOptions = {}): Promise<T> {
  const res = await rawRequest(method, url, opts)
  if (res.status === 204) return undefined as T
  const text = await res.text()
  return (text ? JSON.parse(text) : undefined) as T
}

export const http = {
  get: <T>(url: string, params?: Query, opts: RequestOptions = {}) => request<T>('GET', url, { ...opts, params }),
  post: <T>(url: string, body?: unknown, opts: RequestOptions = {}) => request<T>('POST', url, { ...opts, body }),
  patch: <T>(url: string, body?: unknown, opts: RequestOptions = {}) => request<T>('PATCH', url, { ...opts, body }),
  del: <T>(url: string, opts: RequestOptions = {}) => request<T>('DELETE', url, opts),
}

/** Download a file (export) with the session; the name comes from Content-Disposition. */
export async function download(url: string, params: Query | undefined, fallbackName: string): Promise<void> {
  const res = await rawRequest('GET', url, { params })
  const blob = await res.blob()
  let name = fallbackName
  const cd = res.headers.get('Content-Disposition') || ''
  const star = /filename\*=(?:UTF-8'')?([^;]+)/i.exec(cd)
  const plain = /filename="?([^";]+)"?/i.exec(cd)
  if (star) name = decodeURIComponent(star[1].trim().replace(/"/g, ''))
  else if (plain) name = plain[1].trim()
  const href = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = href
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(href), 10000)
}

export interface Page<T> {
  items: T[]
  next_page_token?: string | null
}

export interface ImportResult {
  dry_run: boolean
  total: number
  valid: number
  created: number
  errors: RowError[]
}
