// The phone's task-mark queue (src/mobile/tasks/queue.ts) with the network
// and the phone storage replaced: a tick is kept when the network fails and
// sent later under the same client key; a refused one is kept as rejected;
// a 401 waits for a new sign-in.
import { beforeEach, describe, expect, test, vi } from 'vitest'

class FakeApiError extends Error {
  constructor(public status: number, public code: string, message: string, public fields: { field: string; rule?: string }[] = []) {
    super(message)
  }
}
const store = new Map<string, unknown>()
const sent: { client_key?: string; status?: string }[] = []
let reply: () => Promise<unknown> = async () => ({})

vi.mock('@/api/request', () => ({ ApiError: FakeApiError }))
vi.mock('@/mobile/db', () => ({
  kvGet: async (k: string) => store.get(k),
  kvSet: async (k: string, v: unknown) => void store.set(k, JSON.parse(JSON.stringify(v))),
}))
vi.mock('@/api/tasks/estateTask', () => ({
  markTask: async (body: { client_key?: string; status?: string }) => {
    sent.push(body)
    return reply()
  },
}))
vi.stubGlobal('window', { addEventListener: () => {} })

const q = await import('../src/mobile/tasks/queue')
const body = { unit_id: 7, template_id: 1, day: '2020-02-14', status: 'done' as const }

describe('task mark queue', () => {
  beforeEach(async () => {
    store.clear()
    sent.length = 0
    reply = async () => ({})
    await q.startTaskQueue('volunteer')
    q.taskQueue.entries = []
    q.taskQueue.online = true
  })

  test('a network failure keeps the mark queued; the retry sends the same client key once', async () => {
    reply = async () => {
      throw new FakeApiError(0, 'network', 'offline')
    }
    const e = await q.enqueueMark(body)
    await q.syncNow()
    expect(q.taskQueue.entries[0].state).toBe('queued')
    expect(q.pendingMarks()).toBe(1)
    expect(q.localMark(7, 1, '2020-02-14')?.client_key).toBe(e.client_key)
    // Saved on the phone, under the user's key.
    expect((store.get('task-marks:volunteer') as { client_key: string }[])[0].client_key).toBe(e.client_key)
    reply = async () => ({})
    await q.syncNow()
    expect(q.taskQueue.entries[0].state).toBe('sent')
    expect(sent.map((b) => b.client_key)).toEqual([e.client_key, e.client_key])
    await q.syncNow()
    expect(sent.length).toBe(2) // nothing left to send
  })

  test('a refused mark is kept as rejected with the reason; 401 waits for sign-in', async () => {
    reply = async () => {
      throw new FakeApiError(422, 'validation_failed', 'bad', [{ field: 'day', rule: 'closed' }])
    }
    await q.enqueueMark(body)
    await q.syncNow()
    expect(q.taskQueue.entries[0].state).toBe('rejected')
    expect(q.taskQueue.entries[0].error).toBe('day:closed')
    expect(q.localMark(7, 1, '2020-02-14')).toBeUndefined()

    reply = async () => {
      throw new FakeApiError(401, 'unauthenticated', 'sign in')
    }
    await q.enqueueMark({ ...body, status: 'not_done' })
    await q.syncNow()
    expect(q.taskQueue.needsLogin).toBe(true)
    expect(q.pendingMarks()).toBe(1)
  })
})
