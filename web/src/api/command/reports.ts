// The daily report (日报): history, generate, approve, export, snapshots, templates.
import { v7 as uuidv7 } from 'uuid'
import { download, http, type Page, type Query } from '../request'

export type ReportStatus = 'draft' | 'published'
export type Section = 'screening' | 'community'

export interface ReportParagraph {
  section: Section
  title: string
  text: string
}
export interface ReportTable {
  key: string
  title: string
  columns: { key: string; label: string }[]
  rows: { unit_id: number | null; unit_name: string; cells: number[] }[]
}
export interface Report {
  id: number
  unit_id: number
  unit_name: string
  title: string
  day: string
  version: number
  issue_no: number
  status: ReportStatus
  snapshot_id: number
  cutoff_at: string
  taken_at: string
  late_since: string | null
  template_versions: Record<string, number>
  paragraphs?: ReportParagraph[]
  tables?: ReportTable[]
  request_key: string
  generated_by: number
  generated_by_name: string
  generated_at: string
  approved_by: number | null
  approved_by_name: string
  approved_at: string | null
  /** The city's UTC offset: times are shown in city time, whatever the browser's zone. */
  tz_offset_minutes: number
}

/** "2020-02-13 08:05" in city time. */
export function cityTime(ts: string | null | undefined, tzOffsetMinutes = 480): string {
  if (!ts) return ''
  const d = new Date(Date.parse(ts) + tzOffsetMinutes * 60000)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`
}

/** The cut-off as the report day and its local time: "2020-02-13 24:00". */
export function cutoffText(r: Pick<Report, 'day' | 'cutoff_at' | 'tz_offset_minutes'>): string {
  const [y, m, d] = r.day.split('-').map(Number)
  const dayStart = Date.UTC(y, m - 1, d) - r.tz_offset_minutes * 60000
  const minutes = Math.round((Date.parse(r.cutoff_at) - dayStart) / 60000)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${r.day} ${p(Math.floor(minutes / 60))}:${p(minutes % 60)}`
}
export interface ReportTemplate {
  section: Section
  version: number
  body: string
  note: string
  created_by: number | null
  created_by_name: string
  created_at: string | null
}
export interface Placeholder {
  name: string
  zh: string
  en: string
  group: 'general' | 'screening' | 'community'
}
export interface TemplatesView {
  items: ReportTemplate[]
  placeholders: Placeholder[]
  cutoff: string
  tz_offset_minutes: number
}

const base = '/api/v1/command'

export const listReports = (q: Query) => http.get<Page<Report>>(`${base}/reports`, q)
export const getReport = (id: number, silent = false) => http.get<Report>(`${base}/reports/${id}`, undefined, { silent })
/** One request key per dialog opening: a retry (double click, lost reply) returns the first report. */
export const newRequestKey = () => uuidv7()
export const generateReport = (body: { unit_id?: number | null; day: string; request_key: string }) =>
  http.post<Report>(`${base}/reports`, body, { silent: true })
export const approveReport = (id: number) => http.post<Report>(`${base}/reports/${id}:approve`, undefined, { silent: true })
export const exportReport = (r: Report) => download(`${base}/reports/${r.id}:export`, undefined, `report-${r.day}.xlsx`)

export const getTemplates = () => http.get<TemplatesView>(`${base}/report-templates`)
export const templateVersions = (section: Section) => http.get<Page<ReportTemplate>>(`${base}/report-templates/${section}/versions`)
export const saveTemplate = (body: { section: Section; body: string; note?: string }) =>
  http.post<ReportTemplate>(`${base}/report-templates`, body, { silent: true })
export const previewTemplate = (body: { section: Section; body: string; unit_id?: number | null; day?: string }) =>
  http.post<{ text: string }>(`${base}/report-templates:preview`, body, { silent: true })
