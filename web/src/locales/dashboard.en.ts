// Command centre — dashboard and the big screen.
export const dashboardMenuEn = { dashboard: 'Dashboard', bigScreen: 'Big screen' }
export const dashboardEnumsEn = {}
export const dashboardEn = {
  dash: {
    title: 'Dashboard', screenTitle: 'Xinzheng Epidemic Command Centre', back: 'Up', today: 'Today', todayShort: 'Today ',
    cumulative: 'Total', cumStarted: 'Total started', lastDays: 'Last {n} days', autoRefresh: 'Auto refresh every {s} s',
    updatedAt: 'Data updated', checkedAt: 'Checked', bigScreen: 'Big screen', desk: 'Back to dashboard',
    autoDay: 'No figures today: showing {day}, the latest day with data. Pick another day or press "Today".',
    latestWithData: 'latest day with data',
    pastDay: 'Past day: showing {day}, not today. Press "Today" for today\'s figures.', pastBadge: 'Past day {day}',
    trend: 'Trend, last {n} days', decisions: 'Decisions', ranking: 'Ranking', children: 'Units and points below', clickToDrill: 'click to drill down',
    noChildren: 'No units or points below', name: 'Name', level: 'Level', self: 'own records',
    panel: { checkpoint: 'Checkpoints', community: 'Communities' },
    stat: {
      vehicles: 'Vehicles checked', people: 'People checked', vehicles_turned_back: 'Vehicles turned back',
      people_turned_back: 'People turned back', fever: 'Fever', handovers: 'Fever handovers', handovers_receipted: 'Handover receipts',
      gate_passages: 'Gate exits + returns', gate_visitors: 'Visitors', gate_refused: 'Gate refusals',
      under_observation: 'Under observation', rounds_done: 'Rounds done', open_alerts: 'Open alerts', tasks_done: 'Estate tasks done',
    },
    metric: { people: 'People checked', vehicles: 'Vehicles checked', turned_back: 'People turned back', gate_passages: 'Gate exits + returns', tasks_done: 'Estate tasks done' },
    dec: {
      checkpoint: 'Checkpoint decisions', gate: 'Gate refusals by reason', people_passed: 'Passed', people_turned_back: 'Turned back', fever: 'Fever',
      refused_fever: 'Refused: fever', refused_quota: 'Over quota', refused_not_resident: 'Not a resident', refused_other: 'Other',
    },
  },
}
