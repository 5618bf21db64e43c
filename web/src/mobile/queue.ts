// The offline queue of checkpoint passages. Every submission is written to
// IndexedDB first (state "queued", with its UUIDv7 client_key), then a single
// sync loop sends queued entries through POST /screening/passages:batch:
//   created / duplicate -> "sent" (a duplicate is a retry the server already has)
//   invalid             -> "rejected", with the field errors kept on the entry
//   network error, 5xx, 429 -> stay queued; retried with exponential backoff
//   401 / 403           -> stay queued until the user signs in again
// The client_key never changes, so a retry after a lost reply cannot duplicate.
import { reactive } from 'vue'
import dayjs from 'dayjs'
import { v7 as uuidv7 } from 'uuid'
import { ApiError } from '@/api/request'
import { sendBatch } from '@/api/screening/passage'
import type { Decision, PassageIn } from '@/api/screening/types'
import { db, type QueueEntry } from './db'

export const BATCH_SIZE = 1000
const BASE_DELAY = 2000
const MAX_DELAY = 60000
const KEEP_DAYS = 7

export const queueState = reactive({
  user: '',
  entries: [] as QueueEntry[], // today's, newest first
  online: typeof navigator === 'undefined' ? true : navigator.onLine,
  syncing: false,
  needsLogin: false,
  failures: 0,
  nextRetryAt: 0,
  lastSyncAt: 0,
  /** bumped after each sync that sent something, so the page refreshes its counts */
  sentVersion: 0,
})

let timer: ReturnType<typeof setTimeout> | null = null
let started = false
let running: Promise<void> | null = null

export const today = () => dayjs().format('YYYY-MM-DD')

export async function refreshEntries() {
  const all = await (await db()).getAllFromIndex('passages', 'by_day', today())
  queueState.entries = all.filter((e) => e.user === queueState.user).sort((a, b) => b.created_at - a.created_at)
}

/** Older than KEEP_DAYS and sent: gone from the phone (the server has them). */
async function prune() {
  const d = await db()
  const limit = dayjs().subtract(KEEP_DAYS, 'day').format('YYYY-MM-DD')
  const tx = d.transaction('passages', 'readwrite')
  for await (const cur of tx.store.index('by_day').iterate(IDBKeyRange.upperBound(limit, true))) {
    if (cur.value.state === 'sent') await cur.delete()
  }
  await tx.done
}

export function newClientKey(): string {
  return uuidv7()
}

/** Records a passage on the phone; resolves once it is durable in IndexedDB. */
export async function enqueue(body: Omit<PassageIn, 'client_key' | 'device_time'>, suggested: Decision | null): Promise<QueueEntry> {
  const now = new Date()
  const full: PassageIn = { ...body, client_key: newClientKey(), device_time: now.toISOString() } as PassageIn
  const entry: QueueEntry = {
    client_key: full.client_key,
    user: queueState.user,
    point_id: full.point_id,
    body: JSON.parse(JSON.stringify(full)),
    state: 'queued',
    created_at: now.getTime(),
    day: dayjs(now).format('YYYY-MM-DD'),
    suggested,
    attempts: 0,
  }
  await (await db()).put('passages', entry)
  await refreshEntries()
  syncSoon()
  return entry
}

function schedule(ms: number) {
  if (timer) clearTimeout(timer)
  queueState.nextRetryAt = Date.now() + ms
  timer = setTimeout(() => {
    timer = null
    syncNow()
  }, ms)
}

/** Sends now unless the phone knows it is offline. */
export function syncSoon() {
  if (!queueState.online) return
  if (timer) clearTimeout(timer)
  timer = null
  syncNow()
}

/** One sync pass at a time (and, where the browser has Web Locks, one per phone across tabs). */
export function syncNow(): Promise<void> {
  if (running) return running
  const work = async () => {
    const locks = (navigator as Navigator & { locks?: LockManager }).locks
    if (locks?.request) await locks.request('fangkong-sync', () => syncPass())
    else await syncPass()
  }
  running = work().finally(() => {
    running = null
  })
  return running
}

type PassOutcome = 'idle' | 'sent' | 'retry' | 'auth'

async function syncPass() {
  if (!queueState.user) return
  queueState.syncing = true
  let outcome: PassOutcome = 'idle'
  try {
    outcome = await sendQueued()
  } catch (e) {
    console.warn('sync failed', e)
    outcome = 'retry'
  } finally {
    queueState.syncing = false
  }
  queueState.lastSyncAt = Date.now()
  await refreshEntries()
  if (outcome === 'retry') {
    queueState.failures++
    const delay = Math.min(MAX_DELAY, BASE_DELAY * 2 ** Math.min(queueState.failures - 1, 10))
    schedule(delay + Math.floor(Math.random() * 500))
  } else {
    queueState.failures = 0
    queueState.nextRetryAt = 0
    if (outcome === 'sent') queueState.sentVersion++
  }
}

function isTransient(e: unknown): boolean {
  return !(e instanceof ApiError) || e.status === 0 || e.status >= 500 || e.status === 429 || e.status === 408
}

async function sendQueued(): Promise<PassOutcome> {
  const d = await db()
  const queued = (await d.getAllFromIndex('passages', 'by_state', 'queued'))
    .filter((e) => e.user === queueState.user)
    .sort((a, b) => a.created_at - b.created_at)
  if (!queued.length) return 'idle'
  let sent = false
  for (let i = 0; i < queued.length; i += BATCH_SIZE) {
    const chunk = queued.slice(i, i + BATCH_SIZE)
    try {
      await sendChunk(chunk)
      sent = true
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
        queueState.needsLogin = true
        return 'auth'
      }
      if (isTransient(e)) {
        await markAttempt(chunk, e)
        return 'retry'
      }
      // The whole batch was refused (400/413/422): send the entries one by
      // one so a single bad record cannot hold the others back.
      for (const one of chunk) {
        try {
          await sendChunk([one])
          sent = true
        } catch (e2) {
          if (isTransient(e2)) return 'retry'
          if (e2 instanceof ApiError && (e2.status === 401 || e2.status === 403)) {
            queueState.needsLogin = true
            return 'auth'
          }
          const err = e2 as ApiError
          await update(one.client_key, {
            state: 'rejected',
            errors: err.fields?.length ? err.fields : [{ field: '', rule: err.code, message: err.message }],
          })
        }
      }
    }
  }
  queueState.needsLogin = false
  return sent ? 'sent' : 'idle'
}

async function sendChunk(chunk: QueueEntry[]) {
  const results = await sendBatch(chunk.map((e) => e.body))
  const byKey = new Map(results.map((r) => [r.client_key, r]))
  const d = await db()
  const tx = d.transaction('passages', 'readwrite')
  for (const e of chunk) {
    const r = byKey.get(e.client_key)
    const cur = await tx.store.get(e.client_key)
    if (!cur || cur.state !== 'queued') continue
    cur.attempts++
    if (!r) {
      cur.last_error = 'no_result'
    } else if (r.status === 'created' || r.status === 'duplicate') {
      cur.state = 'sent'
      cur.sent_at = Date.now()
      cur.duplicate = r.status === 'duplicate'
      cur.passage_id = r.passage?.id
      cur.server_decision = r.passage?.decision
      cur.errors = undefined
      cur.last_error = undefined
    } else {
      cur.state = 'rejected'
      cur.errors = r.errors?.length ? r.errors : [{ field: '', rule: 'invalid' }]
    }
    await tx.store.put(cur)
  }
  await tx.done
}

async function markAttempt(chunk: QueueEntry[], e: unknown) {
  const d = await db()
  const tx = d.transaction('passages', 'readwrite')
  for (const e0 of chunk) {
    const cur = await tx.store.get(e0.client_key)
    if (!cur || cur.state !== 'queued') continue
    cur.attempts++
    cur.last_error = e instanceof ApiError ? (e.status === 0 ? 'network' : `http_${e.status}`) : 'error'
    await tx.store.put(cur)
  }
  await tx.done
}

async function update(key: string, patch: Partial<QueueEntry>) {
  const d = await db()
  const cur = await d.get('passages', key)
  if (cur) await d.put('passages', { ...cur, ...patch })
}

/** Starts the loop for a signed-in user: sends what is queued and listens for the network. */
export async function startQueue(username: string) {
  queueState.user = username
  await prune().catch(() => {})
  await refreshEntries()
  if (!started) {
    started = true
    window.addEventListener('online', () => {
      queueState.online = true
      queueState.failures = 0
      syncSoon()
    })
    window.addEventListener('offline', () => {
      queueState.online = false
    })
    // A slow safety net: anything still queued is tried again now and then,
    // even if the browser's online event never came.
    setInterval(() => {
      if (!running && !timer && queueState.entries.some((e) => e.state === 'queued')) syncNow()
    }, 30000)
  }
  syncSoon()
}
