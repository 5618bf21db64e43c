// The deadline countdown of a directive, measured on the server's clock: the
// server says what "now" is (server_now in counts and details), the page keeps
// the offset and ticks with the browser's clock.
import { onBeforeUnmount, onMounted, ref } from 'vue'

const offset = ref(0) // server now − browser now, in ms

export function setServerNow(serverNow: string | undefined | null) {
  if (!serverNow) return
  const s = new Date(serverNow).getTime()
  if (!Number.isNaN(s)) offset.value = s - Date.now()
}

/** A ticking "now" on the server's clock (updates every 30 s). */
export function useServerNow() {
  const now = ref(Date.now() + offset.value)
  let timer: ReturnType<typeof setInterval> | undefined
  onMounted(() => {
    timer = setInterval(() => (now.value = Date.now() + offset.value), 30_000)
  })
  onBeforeUnmount(() => clearInterval(timer))
  const refresh = () => (now.value = Date.now() + offset.value)
  return { now, refresh }
}

type T = (key: string, args?: Record<string, unknown>) => string

/** "剩 2天 3小时" / "超期 5小时"; the largest two units. */
export function countdownText(deadline: string, now: number, t: T): string {
  const ms = new Date(deadline).getTime() - now
  const abs = Math.abs(ms)
  const d = Math.floor(abs / 86_400_000)
  const h = Math.floor((abs % 86_400_000) / 3_600_000)
  const m = Math.floor((abs % 3_600_000) / 60_000)
  const parts: string[] = []
  if (d) parts.push(t('directive.days', { n: d }))
  if (h && parts.length < 2) parts.push(t('directive.hours', { n: h }))
  if (!d && m) parts.push(t('directive.minutesShort', { n: m }))
  const span = parts.length ? parts.join(' ') : t('directive.lessThanMinute')
  return ms > 0 ? t('directive.left', { t: span }) : t('directive.overBy', { t: span })
}

export const STATUS_TAG: Record<string, 'danger' | 'warning' | 'success' | 'info' | 'primary'> = {
  overdue: 'danger',
  open: 'info',
  in_progress: 'primary',
  reported_done: 'warning',
  done: 'success',
}
