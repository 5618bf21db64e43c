// The offline queue of door-to-door rounds (居家观察上门询问), like ../queue.ts
// for passages: every round is written to IndexedDB first (state "queued",
// with its UUIDv7 client_key), then one sync loop sends the queued entries one
// by one through POST /residents/observation/rounds:
//   201 / 200 (a replay of the same client_key) -> "sent" (with the server's round)
//   400 / 404 / 409 / 422                        -> "rejected", with the errors kept
//   network error, 5xx, 429                      -> stay queued, retried with backoff
//   401 / 403                                    -> stay queued until the user signs in again
// The client_key never changes, so a retry after a lost reply cannot duplicate.
// Its own database (fangkong-rounds) so the passage queue's schema is untouched.
import { reactive } from 'vue'
import dayjs from 'dayjs'
import { v7 as uuidv7 } from 'uuid'
import { openDB, type DBSchema, type IDBPDatabase } from 'idb'
import { ApiError, type FieldError } from '@/api/request'
import { recordRound, type Round, type RoundIn } from '@/api/residents/observation'

export type RoundState = 'queued' | 'sent' | 'rejected'

export interface RoundEntry {
  client_key: string
  user: string
  period_id: number
  /** masked name, for the list of today's entries */
  name: string
  body: RoundIn
  state: RoundState
  created_at: number
  day: string
  attempts: number
  sent_at?: number
  round?: Round
  errors?: FieldError[]
  last_error?: string
}

interface RoundsDB extends DBSchema {
  rounds: { key: string; value: RoundEntry; indexes: { by_state: RoundState; by_day: string } }
  kv: { key: string; value: unknown }
}

let dbp: Promise<IDBPDatabase<RoundsDB>> | null = null
function db() {
  if (!dbp) {
    dbp = openDB<RoundsDB>('fangkong-rounds', 1, {
      upgrade(d) {
        const s = d.createObjectStore('rounds', { keyPath: 'client_key' })
        s.createIndex('by_state', 'state')
        s.createIndex('by_day', 'day')
        d.createObjectStore('kv')
      },
    })
  }
  return dbp
}
export async function kvGet<T>(key: string): Promise<T | undefined> {
  return (await (await db()).get('kv', key)) as T | undefined
}
export async function kvSet(key: string, value: unknown): Promise<void> {
  await (await db()).put('kv', JSON.parse(JSON.stringify(value)), key)
}

const BASE_DELAY = 2000
const MAX_DELAY = 60000

export const roundQueue = reactive({
  user: '',
  entries: [] as RoundEntry[], // today's, newest first
  online: typeof navigator === 'undefined' ? true : navigator.onLine,
  syncing: false,
  needsLogin: false,
  failures: 0,
  /** bumped after a pass that sent something, so the page reloads its list */
  sentVersion: 0,
})

export const today = () => dayjs().format('YYYY-MM-DD')
let timer: ReturnType<typeof setTimeout> | null = null
let running: Promise<void> | null = null
let started = false

export async function refreshEntries() {
  const all = await (await db()).getAllFromIndex('rounds', 'by_day', today())
  roundQueue.entries = all.filter((e) => e.user === roundQueue.user).sort((a, b) => b.created_at - a.created_at)
}

/** Records a round on the phone; resolves once it is durable in IndexedDB, then tries to send it. */
export async function enqueueRound(body: Omit<RoundIn, 'client_key'>, name: string): Promise<RoundEntry> {
  const now = Date.now()
  const full: RoundIn = { ...body, client_key: uuidv7() }
  const entry: RoundEntry = {
    client_key: full.client_key,
    user: roundQueue.user,
    period_id: full.period_id,
    name,
    body: JSON.parse(JSON.stringify(full)),
    state: 'queued',
    created_at: now,
    day: dayjs(now).format('YYYY-MM-DD'),
    attempts: 0,
  }
  await (await db()).put('rounds', entry)
  await refreshEntries()
  await syncNow()
  return (await (await db()).get('rounds', entry.client_key)) ?? entry
}

export function syncNow(): Promise<void> {
  if (running) return running
  running = pass().finally(() => {
    running = null
  })
  return running
}

function isTransient(e: unknown) {
  return !(e instanceof ApiError) || e.status === 0 || e.status >= 500 || e.status === 429 || e.status === 408
}

async function pass() {
  if (!roundQueue.user || !roundQueue.online) return
  roundQueue.syncing = true
  let retry = false
  let sent = false
  try {
    const d = await db()
    const queued = (await d.getAllFromIndex('rounds', 'by_state', 'queued'))
      .filter((e) => e.user === roundQueue.user)
      .sort((a, b) => a.created_at - b.created_at)
    for (const e of queued) {
      try {
        const round = await recordRound(e.body)
        await put({ ...e, state: 'sent', sent_at: Date.now(), round, attempts: e.attempts + 1, errors: undefined, last_error: undefined })
        sent = true
      } catch (err) {
        if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
          roundQueue.needsLogin = true
          break
        }
        if (isTransient(err)) {
          await put({ ...e, attempts: e.attempts + 1, last_error: err instanceof ApiError ? `http_${err.status}` : 'error' })
          retry = true
          break
        }
        const a = err as ApiError
        await put({
          ...e,
          state: 'rejected',
          attempts: e.attempts + 1,
          errors: a.fields?.length ? a.fields : [{ field: '', rule: a.code, message: a.message }],
        })
      }
    }
    if (!retry) roundQueue.needsLogin = roundQueue.needsLogin && !sent
  } finally {
    roundQueue.syncing = false
  }
  await refreshEntries()
  if (sent) roundQueue.sentVersion++
  if (retry) {
    roundQueue.failures++
    const delay = Math.min(MAX_DELAY, BASE_DELAY * 2 ** Math.min(roundQueue.failures - 1, 10))
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = null
      syncNow()
    }, delay)
  } else {
    roundQueue.failures = 0
  }
}

async function put(e: RoundEntry) {
  await (await db()).put('rounds', JSON.parse(JSON.stringify(e)))
}

/** Starts the loop for the signed-in user. */
export async function startRoundQueue(username: string) {
  roundQueue.user = username
  await refreshEntries()
  if (!started) {
    started = true
    window.addEventListener('online', () => {
      roundQueue.online = true
      roundQueue.failures = 0
      syncNow()
    })
    window.addEventListener('offline', () => {
      roundQueue.online = false
    })
    setInterval(() => {
      if (!running && !timer && roundQueue.entries.some((e) => e.state === 'queued')) syncNow()
    }, 30000)
  }
  syncNow()
}
