import { describe, expect, it } from 'vitest'
import { defaultReportDay, previousDay } from '@/views/command/reports/defaultDay'

describe('the daily report dialog default day', () => {
  it('is the latest day with figures when it is before yesterday (the demo data)', () => {
    expect(defaultReportDay({ day: '2026-11-29', latest_day: '2020-02-13' })).toBe('2020-02-13')
  })
  it('is yesterday in city time otherwise', () => {
    expect(defaultReportDay({ day: '2020-03-01', latest_day: '2020-03-01' })).toBe('2020-02-29')
    expect(defaultReportDay({ day: '2020-03-01', latest_day: null })).toBe('2020-02-29')
  })
  it('steps back across months and years', () => {
    expect(previousDay('2021-01-01')).toBe('2020-12-31')
  })
})
