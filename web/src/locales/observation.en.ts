// Community closed management — home observation: the desk board, the phone
// round page (/m/rounds) and the resident's self-report page (/r/:token).
export const observationMenuEn = { observation: 'Home observation', obsRounds: 'Door rounds (phone)', obsSelfReport: 'Self-report' }
export const observationEnumsEn = {
  obsReason: { returned_from_elsewhere: 'Returned from elsewhere', close_contact: 'Close contact', other: 'Other' },
  obsSymptom: { fever: 'Fever', cough: 'Cough', fatigue: 'Fatigue', sore_throat: 'Sore throat', diarrhea: 'Diarrhoea', none: 'None' },
  obsNeedKind: { food: 'Food and supplies', medicine: 'Medicine', other: 'Other' },
  obsNeedStatus: { open: 'Open', in_progress: 'In progress', done: 'Done' },
  obsRelease: { normal: 'Completed', handed_over: 'Handed over', moved_away: 'Moved away', other: 'Other' },
  obsPeriodStatus: { active: 'Under observation', released: 'Released' },
  obsRoundStatus: { due: 'Due', done: 'Done', missed: 'Missed', follow_up: 'Follow-up' },
  obsAlertKind: { missed_round: 'Missed round', fever: 'Fever' },
  obsAlertStatus: { open: 'Open', acknowledged: 'Acknowledged', closed: 'Closed' },
  obsSource: { cadre: 'Cadre at the door', self: 'Self-report' },
}
export const observationEn = {
  obs: {
    title: 'Home observation', unit: 'Unit', day: 'Day', today: 'Today', demoDay: '2020-02-13 (demo)', refresh: 'Refresh', sweep: 'Sweep now',
    sweepDone: 'Sweep done: {c} rounds created, {m} missed',
    counts: {
      under_observation: 'Under observation', started: 'Started', released: 'Released', rounds_due: 'Rounds due', rounds_done: 'Done',
      rounds_missed: 'Missed', rounds_pending: 'Pending', open_alerts: 'Open alerts', due_for_release: 'Due for release',
      needs_opened: 'New needs', needs_closed: 'Needs done',
    },
    tabs: { board: 'Board', periods: 'Periods', needs: 'Needs' },
    missing: 'Rounds still missing', missingEmpty: 'Every round of the day is done', alerts: 'Alerts', alertsEmpty: 'No open alerts',
    person: 'Person', address: 'Address', cadre: 'Cadre', reason: 'Reason', start: 'Start', end: 'End', length: 'Days',
    lengthReason: 'Reason for the length', status: 'Status', note: 'Note', kind: 'Kind', detail: 'Detail', openedAt: 'Opened',
    acknowledge: 'Acknowledge', close: 'Close', closeTitle: 'Close alert', closeNote: 'What was done', closeNoteHint: 'e.g. phoned: at home, no fever',
    acknowledged: 'Alert acknowledged', closed: 'Alert closed', handover: 'Handover #{id}',
    startPeriod: 'Start observation', searchPerson: 'Search by name', returnedOnly: 'Returned only', returnedFrom: 'from {o} on {d}',
    hasActive: 'Under observation', lengthDefault: 'default {n} days', lengthReasonHint: 'required when not the rules\' length', cadreId: 'Cadre (default: me)', cadrePickPerson: 'Choose the person first',
    started: 'Started; observed until {d}', linkTitle: 'Self-report link', linkOnce: 'The link is shown only this once: copy it now or let the resident scan it.',
    copy: 'Copy link', copied: 'Copied', newLink: 'New link', newLinkConfirm: 'A new link stops the old one at once. Continue?',
    extend: 'Length', extendTitle: 'Change the length', release: 'Release', releaseTitle: 'Release from observation', releaseResult: 'Result',
    released: 'Released', extended: 'Now {n} days', rounds: 'Rounds', temperature: 'Temp.', symptoms: 'Symptoms', needs: 'Needs',
    source: 'Source', late: 'late', dueForRelease: 'Due for release', statusFilter: 'Status', all: 'All', mine: 'Mine only',
    needStart: 'Start', needDone: 'Done', needKind: 'Kind', needText: 'Text', actions: 'Actions', noData: 'No data',
  },
  obsRound: {
    title: 'Door rounds', online: 'Online', offline: 'Offline', today: 'Today {d}', progress: '{done}/{all} done', empty: 'Nobody to visit today',
    pending: 'To visit', doneTag: 'Done', missedTag: 'Missed', queuedTag: 'Queued', rejectedTag: 'Rejected', endedTag: 'Due for release', endsOn: 'until {d}',
    normalRow: 'Normal', feverRow: 'Fever (≥37.3 ℃)', symptoms: 'Symptoms', needs: 'Needs help with', needText: 'What (e.g. rice, tablets)',
    note: 'Note', submit: 'Submit', pickTemp: 'Pick a temperature first', queued: 'Saved; it will be sent when online', sent: 'Submitted', rejected: 'Rejected: {m}',
    fever: 'Fever: a handover record was made', feverQueued: 'Fever: a handover is made once sent', retry: 'Retry', queue: 'Sent today', logout: 'Sign out',
    needsLogin: 'Session expired: sign in again to send', late: 'late', back: 'Back',
  },
  selfReport: {
    title: 'Home observation · daily report', hello: 'Hello, {name}', intro: 'Please report today\'s temperature and how you feel by {deadline}.',
    day: 'Today {d}', temperature: 'Today\'s temperature', symptoms: 'Any of these symptoms?', needs: 'Need help from the community?', needText: 'What do you need?',
    note: 'Anything else', submit: 'Submit', thanks: 'Received. Thank you!', thanksFever: 'Your temperature is high: a community worker will call you soon. Please stay at home.',
    already: 'Already reported today ({t} ℃).', ended: 'Your observation period has ended. Thank you!', notStarted: 'Your observation period has not started yet.',
    invalid: 'This link is not valid any more. Please contact your community.', pickTemp: 'Pick a temperature', missed: 'Past today\'s deadline: you can still report.',
    until: 'until {d}', tooMany: 'Too many tries; please wait a minute.', error: 'Could not send; please try again.',
  },
}
