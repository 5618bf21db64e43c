// The dashboard's poll and the user's actions (src/views/command/dashboard/useDashboard.ts)
// with the network replaced: a click while a poll is in flight sends at once, and the
// poll's late answer (the old unit) never replaces the clicked one's.
import { beforeEach, describe, expect, test, vi } from 'vitest'

class FakeApiError extends Error {
  constructor(public status: number, public code: string, message: string) {
    super(message)
  }
}
type Pending = { params: { unit_id?: number; day?: string }; etag?: string; resolve: (v: unknown) => void }
const pending: Pending[] = []

vi.mock('@/api/request', () => ({ ApiError: FakeApiError }))
vi.mock('@/api/command/dashboard', () => ({
  fetchDashboard: (params: Pending['params'], etag?: string) =>
    new Promise((resolve) => pending.push({ params, etag, resolve })),
}))
vi.mock('@/stores/user', () => ({ useUserStore: () => ({ clear: () => {} }) }))
vi.mock('vue-router', () => ({
  useRoute: () => ({ query: { unit: '1', day: '2020-02-14' }, fullPath: '/command/dashboard' }),
  useRouter: () => ({ replace: async () => {} }),
}))
vi.mock('vue', async (original) => ({
  ...(await original<typeof import('vue')>()),
  onMounted: () => {},
  onBeforeUnmount: () => {},
}))

const { useDashboard, isPastDay } = await import('../src/views/command/dashboard/useDashboard')

function answer(unit: number, figure = 1) {
  return {
    notModified: false,
    etag: `"${unit}-${figure}"`,
    data: {
      target: { kind: 'unit', id: unit, name: `u${unit}`, level: 'town' },
      day: '2020-02-14',
      latest_day: '2020-02-14',
      today: { screening: { vehicles: figure }, community: {} },
    },
  }
}
const flush = () => new Promise((r) => setTimeout(r, 0))

beforeEach(() => {
  pending.length = 0
})

describe('useDashboard', () => {
  test('a click during a poll sends at once; the poll answering last does not bring the old unit back', async () => {
    const d = useDashboard()
    void d.load(true) // the poll of unit 1
    expect(pending).toHaveLength(1)
    d.go({ kind: 'unit', id: 2 })
    expect(pending).toHaveLength(2)
    expect(pending[1].params.unit_id).toBe(2)
    expect(pending[1].etag).toBeUndefined()
    pending[1].resolve(answer(2))
    await flush()
    expect(d.data.value?.target.id).toBe(2)
    expect(d.loading.value).toBe(false)
    pending[0].resolve(answer(1))
    await flush()
    expect(d.data.value?.target.id).toBe(2)
  })

  test('the poll answering first is not shown either; the click answer is', async () => {
    const d = useDashboard()
    void d.load(true)
    d.setDay('2020-02-10')
    expect(pending[1].params.day).toBe('2020-02-10')
    pending[0].resolve(answer(1, 5))
    await flush()
    expect(d.data.value).toBeNull()
    expect(d.loading.value).toBe(true) // the click's request is still on its way
    pending[1].resolve(answer(1, 7))
    await flush()
    expect(d.data.value?.today.screening.vehicles).toBe(7)
    expect(d.loading.value).toBe(false)
  })

  test('a poll is skipped while a request is in flight, and runs after', async () => {
    const d = useDashboard()
    d.setDays(7)
    void d.load(true)
    expect(pending).toHaveLength(1)
    pending[0].resolve(answer(1))
    await flush()
    void d.load(true)
    expect(pending).toHaveLength(2)
    expect(pending[1].etag).toBe('"1-1"')
  })

  test('a day other than today is marked as past', () => {
    const d = answer(1).data as unknown as Parameters<typeof isPastDay>[0]
    expect(isPastDay(d, '2020-02-14')).toBe(false)
    expect(isPastDay(d, '2026-11-29')).toBe(true)
    expect(isPastDay(null, '2026-11-29')).toBe(false)
  })
})
