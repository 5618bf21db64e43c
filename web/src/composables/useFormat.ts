import dayjs from 'dayjs'

export function formatTime(v: string | null | undefined, withSeconds = false): string {
  if (!v) return ''
  const d = dayjs(v)
  return d.isValid() ? d.format(withSeconds ? 'YYYY-MM-DD HH:mm:ss' : 'YYYY-MM-DD HH:mm') : String(v)
}

/** Shows a value of a PATCH result or audit payload compactly. */
export function formatJson(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') {
    try {
      return JSON.stringify(JSON.parse(v), null, 2)
    } catch {
      return v
    }
  }
  return JSON.stringify(v, null, 2)
}
