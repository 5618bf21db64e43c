// The phone's IndexedDB: the queue of passages waiting to be sent (and the
// record of those sent today), and a small key-value store for what the page
// needs offline (the rules, the points). One database per browser profile;
// entries carry the username so a shared phone sends each under its owner.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb'
import type { Decision, FieldErr, PassageIn } from '@/api/screening/types'

export type EntryState = 'queued' | 'sent' | 'rejected'

export interface QueueEntry {
  client_key: string
  user: string
  point_id: number
  body: PassageIn
  state: EntryState
  /** ms since epoch, when recorded on the phone */
  created_at: number
  /** the phone's local day, YYYY-MM-DD */
  day: string
  suggested: Decision | null
  attempts: number
  sent_at?: number
  passage_id?: number
  server_decision?: Decision
  duplicate?: boolean
  errors?: FieldErr[]
  last_error?: string
}

interface PhoneDB extends DBSchema {
  passages: {
    key: string
    value: QueueEntry
    indexes: { by_state: EntryState; by_day: string }
  }
  kv: { key: string; value: unknown }
}

let dbp: Promise<IDBPDatabase<PhoneDB>> | null = null

export function db(): Promise<IDBPDatabase<PhoneDB>> {
  if (!dbp) {
    dbp = openDB<PhoneDB>('fangkong-phone', 1, {
      upgrade(d) {
        const s = d.createObjectStore('passages', { keyPath: 'client_key' })
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
