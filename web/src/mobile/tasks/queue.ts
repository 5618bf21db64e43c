// The phone's queue of task marks (小区每日任务). A tick is saved on the phone
// first (IndexedDB key-value store, one list per user) with a UUIDv7
// client_key, shown at once, and sent by one loop:
//   201 / 200 (a replay the server already has) -> sent
//   422 / 404                                    -> rejected, with the reason kept
//   network error, 5xx, 429                      -> stays queued; retried with backoff
//   401 / 403                                    -> stays queued until the user signs in again
// The client_key never changes, so a retry after a lost reply cannot mark twice.
import { reactive } from 'vue'
import { v7 as uuidv7 } from 'uuid'
import { ApiError } from '@/api/request'
import { markTask, type MarkBody } from '@/api/tasks/estateTask'
import { kvGet, kvSet } from '../db'

export type MarkState = 'queued' | 'sent' | 'rejected'
export interface QueuedMark {
  client_key: string
  body: MarkBody
  state: MarkState
  created_at: number
  attempts: number
  error?: string
}

export const taskQueue = reactive({
  user: '',
  entries: [] as QueuedMark[],
  online: typeof navigator === 'undefined' ? true : navigator.onLine,
  syncing: false,
  needsLogin: false,
  failures: 0,
  sentVersion: 0,
})

const KEY = () => `task-marks:${taskQueue.user}`
let timer: ReturnType<typeof setTimeout> | null = null
let running: Promise<void> | null = null
let started = false

async function save() {
  // Keep the last 200 (the queued ones always).
  const keep = taskQueue.entries.filter((e, i) => e.state === 'queued' || i < 200)
  await kvSet(KEY(), keep)
}

export async function enqueueMark(body: Omit<MarkBody, 'client_key'>): Promise<QueuedMark> {
  const entry: QueuedMark = {
    client_key: uuidv7(),
    body: { ...body } as MarkBody,
    state: 'queued',
    created_at: Date.now(),
    attempts: 0,
  }
  entry.body.client_key = entry.client_key
  taskQueue.entries.unshift(entry)
  await save()
  syncSoon()
  return entry
}

/** The newest local mark of a task (queued or sent), so the page shows it before the server does. */
export function localMark(unitId: number, templateId: number, day: string): QueuedMark | undefined {
  return taskQueue.entries.find(
    (e) => e.state !== 'rejected' && e.body.unit_id === unitId && e.body.template_id === templateId && e.body.day === day,
  )
}

export function syncSoon() {
  if (timer) clearTimeout(timer)
  timer = null
  if (taskQueue.online) void syncNow()
}

export function syncNow(): Promise<void> {
  if (running) return running
  running = pass().finally(() => {
    running = null
  })
  return running
}

async function pass() {
  if (!taskQueue.user) return
  taskQueue.syncing = true
  let retry = false
  let auth = false
  let sent = false
  try {
    // Oldest first, so a later "not done" overrides an earlier "done" in order.
    for (const e of [...taskQueue.entries].reverse()) {
      if (e.state !== 'queued') continue
      try {
        e.attempts++
        await markTask(e.body, true)
        e.state = 'sent'
        sent = true
      } catch (err) {
        const status = err instanceof ApiError ? err.status : 0
        if (status === 401 || status === 403) {
          auth = true
          break
        }
        if (status === 0 || status >= 500 || status === 429 || status === 408) {
          retry = true
          break
        }
        e.state = 'rejected'
        e.error = err instanceof ApiError ? err.fields.map((f) => `${f.field}:${f.rule}`).join(', ') || err.message : String(err)
      }
    }
    taskQueue.needsLogin = auth
  } finally {
    taskQueue.syncing = false
    await save()
  }
  if (sent) taskQueue.sentVersion++
  if (retry) {
    taskQueue.failures++
    const delay = Math.min(60000, 2000 * 2 ** Math.min(taskQueue.failures - 1, 10))
    timer = setTimeout(() => {
      timer = null
      void syncNow()
    }, delay)
  } else {
    taskQueue.failures = 0
  }
}

export async function startTaskQueue(username: string) {
  taskQueue.user = username
  taskQueue.entries = ((await kvGet<QueuedMark[]>(KEY())) ?? []).sort((a, b) => b.created_at - a.created_at)
  if (!started) {
    started = true
    window.addEventListener('online', () => {
      taskQueue.online = true
      taskQueue.failures = 0
      syncSoon()
    })
    window.addEventListener('offline', () => {
      taskQueue.online = false
    })
    setInterval(() => {
      if (!running && !timer && taskQueue.entries.some((e) => e.state === 'queued')) void syncNow()
    }, 30000)
  }
  syncSoon()
}

export const pendingMarks = () => taskQueue.entries.filter((e) => e.state === 'queued').length
