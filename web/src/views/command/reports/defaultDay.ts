// The generate dialog's default day: the latest day with figures when the dashboard knows one
// before today (the demo's data is of February 2020), else yesterday in city time (the dashboard's
// `day` is today in city time). Without the dashboard: yesterday by the browser's clock.
export function previousDay(day: string): string {
  const d = new Date(day + 'T00:00:00Z')
  d.setUTCDate(d.getUTCDate() - 1)
  return d.toISOString().slice(0, 10)
}

export function defaultReportDay(dashboard: { day: string; latest_day: string | null } | null, now = new Date()): string {
  if (dashboard) {
    const yesterday = previousDay(dashboard.day)
    if (dashboard.latest_day && dashboard.latest_day < yesterday) return dashboard.latest_day
    return yesterday
  }
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 10)
  return previousDay(local)
}
