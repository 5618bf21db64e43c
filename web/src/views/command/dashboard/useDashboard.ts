// The dashboard's state shared by the desk page and the big screen: what is
// shown (a unit or a point, a day, the trend's length, all kept in the URL so
// a screen can be bookmarked), the 5-second poll with the last ETag (a poll
// that changes nothing costs a 304), drill-down and back, and the default day:
// today, or the latest day with data when today has none (the demo's 2020 data).
import { computed, onBeforeUnmount, onMounted, ref, shallowRef } from 'vue'
import dayjs from 'dayjs'
import { useRoute, useRouter } from 'vue-router'
import { fetchDashboard, type Dashboard, type Place } from '@/api/command/dashboard'
import { ApiError } from '@/api/request'
import { useUserStore } from '@/stores/user'

/** Poll period: a new record shows within POLL_MS plus one request, inside the 10 s bound. */
export const POLL_MS = 5000

function num(v: unknown): number | undefined {
  const n = Number(Array.isArray(v) ? v[0] : v)
  return Number.isFinite(n) && n > 0 ? n : undefined
}
function str(v: unknown): string | undefined {
  const s = Array.isArray(v) ? v[0] : v
  return typeof s === 'string' && s ? s : undefined
}

export function isEmptyDay(d: Dashboard): boolean {
  return (
    Object.values(d.today.screening).every((v) => !v) &&
    Object.values(d.today.community).every((v) => !v)
  )
}

/** The shown day is not today (the browser's day: the city's screens run on city time). */
export function isPastDay(d: Dashboard | null, today = dayjs().format('YYYY-MM-DD')): boolean {
  return !!d && d.day !== today
}

export function useDashboard() {
  const route = useRoute()
  const router = useRouter()
  const unitId = ref<number | undefined>(num(route.query.unit))
  const pointId = ref<number | undefined>(num(route.query.point))
  const day = ref<string | undefined>(str(route.query.day))
  const days = ref<number>(num(route.query.days) ?? 14)
  const data = shallowRef<Dashboard | null>(null)
  const error = ref<ApiError | null>(null)
  const loading = ref(false)
  const autoDay = ref(false) // the day was moved to the latest day with data
  const checkedAt = ref<Date | null>(null) // last answer (200 or 304)
  const changedAt = ref<Date | null>(null) // last answer that moved a figure
  const live = ref(true)
  const pastDay = computed(() => isPastDay(data.value)) // shown with a "历史数据" marker
  let etag = ''
  let timer: ReturnType<typeof setInterval> | undefined
  // Every request takes the next number; only the latest one's answer is shown. A user's action
  // (go, setDay, setDays) always sends at once and supersedes a poll or an older action still in
  // flight; a poll is skipped while any request is in flight (the answer on its way is as fresh).
  let seq = 0
  let inFlight = 0 // the number of the request in flight, 0 when none

  function syncUrl() {
    const query: Record<string, string> = {}
    if (pointId.value) query.point = String(pointId.value)
    else if (unitId.value) query.unit = String(unitId.value)
    if (day.value && !autoDay.value) query.day = day.value
    if (days.value !== 14) query.days = String(days.value)
    void router.replace({ query })
  }

  async function load(poll = false) {
    if (poll && inFlight) return
    const mine = ++seq
    inFlight = mine
    if (!poll) loading.value = true
    try {
      const r = await fetchDashboard(
        { unit_id: pointId.value ? undefined : unitId.value, point_id: pointId.value, day: day.value, days: days.value },
        poll ? etag : undefined,
      )
      if (mine !== seq) return // superseded: a later request's answer is the one to show
      checkedAt.value = new Date()
      error.value = null
      if (r.notModified) return
      etag = r.etag
      changedAt.value = new Date()
      const d = r.data
      if (!day.value && isEmptyDay(d) && d.latest_day && d.latest_day < d.day) {
        // Nothing today: open on the latest day that has figures.
        day.value = d.latest_day
        autoDay.value = true
        return load()
      }
      data.value = d
    } catch (e) {
      if (mine !== seq) return
      error.value = e instanceof ApiError ? e : new ApiError(0, 'unknown', String(e))
      if (error.value.status === 401) {
        // The session ended (a wall screen left overnight): sign in again and come back here.
        useUserStore().clear()
        void router.replace({ name: 'login', query: { redirect: route.fullPath } })
      }
    } finally {
      if (mine === seq) {
        inFlight = 0
        loading.value = false
      }
    }
  }

  function go(place: Place | { kind: 'unit'; id: number }) {
    if (place.kind === 'point') {
      pointId.value = place.id
    } else {
      pointId.value = undefined
      unitId.value = place.id
    }
    etag = ''
    syncUrl()
    void load()
  }
  function back() {
    if (data.value?.parent) go(data.value.parent)
  }
  function setDay(v: string | undefined | null) {
    day.value = v || undefined
    autoDay.value = false
    etag = ''
    syncUrl()
    void load()
  }
  function setDays(n: number) {
    days.value = n
    etag = ''
    syncUrl()
    void load()
  }

  function tick() {
    if (live.value && !document.hidden) void load(true)
  }
  onMounted(() => {
    void load()
    timer = setInterval(tick, POLL_MS)
  })
  onBeforeUnmount(() => clearInterval(timer))

  return { data, error, loading, day, days, autoDay, pastDay, checkedAt, changedAt, live, load, go, back, setDay, setDays }
}
