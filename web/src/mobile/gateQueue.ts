// The gate phone's offline store and queue (IndexedDB "fangkong-gate"): the
// offline pack of the chosen gate (rules, pass digests, members, quota state)
// and every gate event, recorded here first with its UUIDv7 client_key and
// sent through POST /residents/gate-events:batch by one sync loop:
//   created / duplicate -> "sent" (a conflict reported by the server -> "conflict")
//   invalid             -> "rejected" with the field errors
//   network error, 5xx  -> stays queued, retried with backoff
//   401 / 403           -> stays queued until the user signs in again
import { reactive } from 'vue'
import { openDB, type DBSchema, type IDBPDatabase } from 'idb'
import { v7 as uuidv7 } from 'uuid'
import { ApiError } from '@/api/request'
import { sendGateBatch } from '@/api/gate/gate'
import type { GateEventIn, OfflinePack } from '@/api/gate/types'
import type { GateOutcome } from '@/utils/gateRules'

export type GateEntryState = 'queued' | 'sent' | 'conflict' | 'rejected'

export interface GateEntry {
  client_key: string
  user: string
  point_id: number
  body: GateEventIn
  state: GateEntryState
  created_at: number
  day: string
  local: GateOutcome & { who: string; household_id: number | null; person_id: number | null }
  event_id?: number
  server_decision?: string
  conflict_note?: string
  errors?: { field: string; rule: string; message?: string }[]
  last_error?: string
}

interface GateDB extends DBSchema {
  events: { key: string; value: GateEntry; indexes: { by_state: GateEntryState; by_day: string } }
  kv: { key: string; value: unknown }
}

let dbp: Promise<IDBPDatabase<GateDB>> | null = null
function gdb() {
  if (!dbp)
    dbp = openDB<GateDB>('fangkong-gate', 1, {
      upgrade(d) {
        const s = d.createObjectStore('events', { keyPath: 'client_key' })
        s.createIndex('by_state', 'state')
        s.createIndex('by_day', 'day')
        d.createObjectStore('kv')
      },
    })
  return dbp
}

export async function savePack(pack: OfflinePack) {
  await (await gdb()).put('kv', JSON.parse(JSON.stringify(pack)), `pack:${pack.point_id}`)
}
export async function loadPack(pointId: number): Promise<OfflinePack | undefined> {
  return (await (await gdb()).get('kv', `pack:${pointId}`)) as OfflinePack | undefined
}

export const gateQueue = reactive({
  user: '',
  entries: [] as GateEntry[],
  online: typeof navigator === 'undefined' ? true : navigator.onLine,
  syncing: false,
  needsLogin: false,
  failures: 0,
  sentVersion: 0,
})

export async function refreshGateEntries(day: string) {
  const all = await (await gdb()).getAllFromIndex('events', 'by_day', day)
  gateQueue.entries = all.filter((e) => e.user === gateQueue.user).sort((a, b) => b.created_at - a.created_at)
}

let currentDay = ''
export async function recordGate(body: Omit<GateEventIn, 'client_key' | 'device_time'>, local: GateEntry['local'], day: string) {
  const now = new Date()
  const full: GateEventIn = { ...body, client_key: uuidv7(), device_time: now.toISOString() }
  const entry: GateEntry = {
    client_key: full.client_key,
    user: gateQueue.user,
    point_id: full.point_id,
    body: JSON.parse(JSON.stringify(full)),
    state: 'queued',
    created_at: now.getTime(),
    day,
    local,
  }
  await (await gdb()).put('events', entry)
  currentDay = day
  await refreshGateEntries(day)
  gateSyncSoon()
  return entry
}

let timer: ReturnType<typeof setTimeout> | null = null
let running: Promise<void> | null = null

export function gateSyncSoon() {
  if (!gateQueue.online) return
  if (timer) clearTimeout(timer)
  timer = null
  gateSyncNow()
}

export function gateSyncNow(): Promise<void> {
  if (running) return running
  running = syncPass().finally(() => {
    running = null
  })
  return running
}

async function syncPass() {
  const d = await gdb()
  const queued = (await d.getAllFromIndex('events', 'by_state', 'queued'))
    .filter((e) => e.user === gateQueue.user)
    .sort((a, b) => a.created_at - b.created_at)
  if (!queued.length) return
  gateQueue.syncing = true
  try {
    for (let i = 0; i < queued.length; i += 200) {
      const chunk = queued.slice(i, i + 200)
      const results = await sendGateBatch(chunk.map((e) => e.body))
      const byKey = new Map(results.map((r) => [r.client_key, r]))
      const tx = d.transaction('events', 'readwrite')
      for (const e of chunk) {
        const r = byKey.get(e.client_key)
        const cur = await tx.store.get(e.client_key)
        if (!cur || cur.state !== 'queued' || !r) continue
        if (r.status === 'invalid') {
          cur.state = 'rejected'
          cur.errors = r.errors ?? []
        } else {
          cur.state = r.event?.conflict ? 'conflict' : 'sent'
          cur.event_id = r.event?.id
          cur.server_decision = r.event?.server_decision
          cur.conflict_note = r.event?.note
        }
        await tx.store.put(cur)
      }
      await tx.done
    }
    gateQueue.failures = 0
    gateQueue.needsLogin = false
    gateQueue.sentVersion++
  } catch (e) {
    if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
      gateQueue.needsLogin = true
    } else {
      gateQueue.failures++
      const delay = Math.min(60000, 2000 * 2 ** Math.min(gateQueue.failures - 1, 5))
      if (timer) clearTimeout(timer)
      timer = setTimeout(() => {
        timer = null
        gateSyncNow()
      }, delay)
    }
  } finally {
    gateQueue.syncing = false
    if (currentDay) await refreshGateEntries(currentDay)
  }
}

let started = false
export async function startGateQueue(username: string, day: string) {
  gateQueue.user = username
  currentDay = day
  await refreshGateEntries(day)
  if (!started) {
    started = true
    window.addEventListener('online', () => {
      gateQueue.online = true
      gateQueue.failures = 0
      gateSyncSoon()
    })
    window.addEventListener('offline', () => {
      gateQueue.online = false
    })
    setInterval(() => {
      if (!running && !timer && gateQueue.entries.some((e) => e.state === 'queued')) gateSyncNow()
    }, 15000)
  }
  gateSyncSoon()
}
