// Daily dispatch meetings (日调度会议): numbered per command unit at creation.
// Contract: docs/directives.md.
import { http, type Page, type Query } from '../request'

const BASE = '/api/v1/command/meetings'

export interface Meeting {
  id: number
  unit_id: number
  unit_name: string
  number: number
  held_on: string
  title: string
  chair: string
  attendees: string[]
  minutes: string
  client_key: string | null
  created_at: string
  updated_at: string
  directives: { total: number; done: number; overdue: number }
}

export interface MeetingIn {
  unit_id?: number
  client_key?: string
  held_on?: string
  title?: string
  chair?: string
  attendees?: string[]
  minutes?: string
}

export const listMeetings = (q: Query) => http.get<Page<Meeting>>(BASE, q)
export const getMeeting = (id: number) => http.get<Meeting>(`${BASE}/${id}`)
export const createMeeting = (body: MeetingIn) => http.post<Meeting>(BASE, body, { silent: true })
export const updateMeeting = (id: number, body: MeetingIn) => http.patch<Meeting>(`${BASE}/${id}`, body, { silent: true })
