// Community closed management — estate daily tasks (desk and phone) and the community figures.
export const tasksMenuEn = {
  estateTasks: 'Estate daily tasks', communityFigures: 'Community figures', tasksPhone: "Today's tasks (phone)",
}
export const tasksEnumsEn = {
  taskStatus: { pending: 'To do', done: 'Done', not_done: 'Not done' },
}
export const tasksEn = {
  tasks: {
    day: 'Day', unit: 'Unit', search: 'Search', grid: 'Grid', undone: 'Not done', templates: 'Templates',
    unitCol: 'Estate / village', town: 'Town', community: 'Community', progress: 'Done', readOnlyDay: 'Past days are read-only; marks and undo are for the day itself',
    totals: '{due} due, {done} done, {not_done} not done, {pending} to do',
    markDone: 'Done', markNotDone: 'Not done', undo: 'Undo', notePrompt: 'Why not done (optional)', marked: 'Marked', undone_ok: 'Undone',
    undoneSummary: '{day}: {all} of {units} estates/villages all done; {undone} of {due} tasks not done',
    allDone: 'All done', undoneIn: '{n} not done',
    status: { pending: 'To do', done: 'Done', not_done: 'Not done' },
    tpl: {
      name: 'Task', note: 'Note', scope: 'Applies to', cityWide: 'Whole city', order: 'Order', active: 'State', activeYes: 'Active',
      activeNo: 'Deactivated (after {day})', add: 'Add task', edit: 'Edit', deactivate: 'Deactivate', deactivateConfirm: 'Deactivate "{name}"? Still due today, not from tomorrow.',
      showInactive: 'Show deactivated', addTitle: 'Add a daily task', editTitle: 'Edit a daily task', unitHint: 'Due every day in every estate/village under this unit; empty: the whole city (city users only)',
      saved: 'Saved', from: 'From', actions: 'Actions',
    },
    m: {
      title: "Today's tasks", online: 'Online', offline: 'Offline', cached: '(offline copy)', doneOf: 'done', pending: '{n} to send',
      syncNow: 'Send now', signInAgain: 'Sign in again to send', noUnits: 'No estate or village with daily tasks under your unit',
      ticked: 'Ticked', notDoneSaved: 'Recorded as not done', queued: 'to send', markDone: 'Done', markNotDone: 'Not done',
      whyNotDone: 'Why not done', notePlaceholder: 'e.g. out of disinfectant, tomorrow morning', saveNotDone: 'Record as not done',
    },
  },
  cfig: {
    title: 'Community figures', unit: 'Unit', range: 'Days', byDay: 'By day', totals: 'Range totals', stocks: 'As of {day}', children: 'Units below',
    childrenHint: 'Click a unit to drill down', self: '(itself)', up: 'Back up', asOf: 'Read at {t}', day: 'Day', cumulative: 'Cumulative',
    col: {
      households_added: 'Households filed', households_removed: 'Households removed', persons_added: 'Persons filed', persons_removed: 'Persons removed',
      observation_started: 'Observation started', observation_released: 'Observation released', rounds_due: 'Rounds due', rounds_done: 'Rounds done',
      rounds_missed: 'Rounds missed', gate_exits: 'Exits', gate_returns: 'Returns', gate_visitors: 'Visitors', gate_overdue: 'Overdue',
      gate_conflicts: 'Four-ones conflicts', refused_fever: 'Refused: fever', refused_quota: 'Refused: quota', refused_not_resident: 'Refused: not resident',
      refused_other: 'Refused: other', alerts_opened: 'Alerts opened', alerts_closed: 'Alerts closed', needs_opened: 'Needs opened', needs_closed: 'Needs closed',
      tasks_due: 'Tasks due', tasks_done: 'Tasks done',
    },
    stock: { households_on_file: 'Households on file', persons_on_file: 'Persons on file', under_observation: 'Under observation' },
    group: { files: 'Files', observation: 'Observation', rounds: 'Rounds', gate: 'Gate', refused: 'Refused', alerts: 'Alerts and needs', tasks: 'Daily tasks' },
  },
}
