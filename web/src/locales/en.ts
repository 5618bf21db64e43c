import { dashboardEn, dashboardEnumsEn, dashboardMenuEn } from './dashboard.en'
import { reportsEn, reportsEnumsEn, reportsMenuEn } from './reports.en'
import { directivesEn, directivesEnumsEn, directivesMenuEn } from './directives.en'
import { firmsEn, firmsEnumsEn, firmsMenuEn } from './firms.en'
import { residentsEn, residentsEnumsEn, residentsMenuEn } from './residents.en'
import { gateEn, gateEnumsEn, gateMenuEn } from './gate.en'
import { observationEn, observationEnumsEn, observationMenuEn } from './observation.en'
import { tasksEn, tasksEnumsEn, tasksMenuEn } from './tasks.en'
import { screeningEn, screeningEnumsEn, screeningMenuEn } from './screening.en'

export default {
  ...screeningEn,
  ...residentsEn,
  ...gateEn,
  ...observationEn,
  ...tasksEn,
  ...dashboardEn,
  ...reportsEn,
  ...directivesEn,
  ...firmsEn,
  app: { name: 'Fangkong', fullName: 'Epidemic Control Platform', subtitle: 'City epidemic prevention and command' },
  common: {
    search: 'Search', reset: 'Reset', add: 'Add', edit: 'Edit', save: 'Save', cancel: 'Cancel', confirm: 'OK',
    close: 'Close', delete: 'Delete', deactivate: 'Deactivate', actions: 'Actions', status: 'Status', active: 'Active',
    inactive: 'Inactive', all: 'All', yes: 'Yes', no: 'No', import: 'Import', export: 'Export', refresh: 'Refresh',
    prevPage: 'Previous', nextPage: 'Next', page: 'Page {n}', pageSize: 'Per page', noData: 'No data',
    loading: 'Loading…', success: 'Done', saved: 'Saved', created: 'Created', keyword: 'Keyword',
    confirmTitle: 'Please confirm', confirmDeactivate: 'Deactivate "{name}"?', view: 'View', details: 'Details',
    required: 'Required', back: 'Back', unit: 'Unit', createdAt: 'Created', more: 'More',
  },
  menu: {
    home: 'Home', org: 'Organisation', units: 'Units', points: 'Points', staff: 'Staff', audit: 'Audit log',
    system: 'System', users: 'Users',
    ...screeningMenuEn,
    ...residentsMenuEn,
    ...gateMenuEn,
    ...observationMenuEn,
    ...tasksMenuEn,
    command: 'Command centre',
    ...dashboardMenuEn,
    ...reportsMenuEn,
    ...directivesMenuEn,
    ...firmsMenuEn,
  },
  login: {
    title: 'Sign in', username: 'Username', password: 'Password', submit: 'Sign in', usernameRequired: 'Enter your username',
    passwordRequired: 'Enter your password', badCredentials: 'Wrong username or password',
    throttled: 'Too many attempts, please try again later', failed: 'Sign-in failed',
  },
  header: {
    logout: 'Sign out', logoutAll: 'Sign out everywhere', loggedOutAll: 'Signed out on every device', changePassword: 'Change password', language: 'Language', loggedOut: 'Signed out', menu: 'Menu',
  },
  password: {
    title: 'Change password', old: 'Current password', new: 'New password', confirm: 'Confirm new password',
    rule: 'At least 10 characters with letters and digits', mismatch: 'The new passwords do not match',
    changed: 'Password changed', mustChange: 'Please change your password before you go on',
  },
  home: { welcome: 'Welcome, {name}', unit: 'Unit', roles: 'Roles', permissions: 'Permissions', quick: 'Shortcuts' },
  error: {
    badRequest: 'Bad request', unauthorized: 'Not signed in or session expired', forbidden: 'You are not allowed to do this',
    notFound: 'Not found', conflict: 'Conflict', tooLarge: 'Request too large', validation: 'Validation failed',
    tooMany: 'Too many attempts, please try again later', server: 'Server error', unknown: 'Unknown error',
    network: 'Network error, check your connection', forbiddenPage: 'Access denied',
    forbiddenPageHint: 'You do not have permission to open this page. Ask an administrator.',
    notFoundPage: 'Page not found', home: 'Back to home',
  },
  enums: {
    unitLevel: { city: 'City', town: 'Town / subdistrict', community: 'Community / village', estate: 'Estate / village group', department: 'Department' },
    pointKind: { checkpoint: 'Road checkpoint', community_gate: 'Community / estate gate', station: 'Monitoring station' },
    cadre: {
      section_level: 'Section-level cadre', ordinary_cadre: 'Ordinary cadre', village_secretary: 'Village (community) party secretary',
      first_secretary: 'First secretary', outstanding_member: 'Outstanding party member', professional: 'Professional',
      volunteer: 'Volunteer', other: 'Other',
    },
    ...screeningEnumsEn,
    ...residentsEnumsEn,
    ...gateEnumsEn,
    ...observationEnumsEn,
    ...tasksEnumsEn,
    ...dashboardEnumsEn,
    ...reportsEnumsEn,
    ...directivesEnumsEn,
    ...firmsEnumsEn,
  },
  unit: {
    title: 'Organisation', tree: 'Unit tree', code: 'Code', name: 'Name', level: 'Level', parent: 'Parent unit',
    parentCode: 'Parent code', addChild: 'Add child', addRoot: 'Add unit', editTitle: 'Edit unit', createTitle: 'New unit',
    selectHint: 'Select a unit on the left', codeRule: 'Division code (6 to 12 digits) or a short code',
    filter: 'Filter units', showInactive: 'Show inactive', selectUnit: 'Select a unit', id: 'ID', children: 'Child units',
  },
  point: {
    title: 'Points', name: 'Name', kind: 'Kind', place: 'Place', lat: 'Latitude', lng: 'Longitude', createTitle: 'New point',
    editTitle: 'Edit point', unitCode: 'Unit code',
  },
  staff: {
    title: 'Staff', name: 'Name', phone: 'Mobile', partyMember: 'Party member', cadre: 'Category', duty: 'Duty',
    createTitle: 'New staff member', editTitle: 'Edit staff member', reveal: 'Reveal', phoneKeep: 'Leave blank to keep',
    phoneRule: '11-digit mobile number', unitCode: 'Unit code',
  },
  audit: {
    title: 'Audit log', at: 'Time', user: 'User', userId: 'User ID', action: 'Action', entity: 'Entity', entityId: 'Entity ID',
    before: 'Before', after: 'After', requestId: 'Request ID', range: 'Time range', from: 'From', to: 'To',
  },
  user: {
    title: 'Users', username: 'Username', displayName: 'Display name', roles: 'Roles', password: 'Initial password',
    createTitle: 'New user', editTitle: 'Edit user', disable: 'Disable', enable: 'Enable', revoke: 'Revoke sessions',
    revokeConfirm: 'Sign out every session of "{name}"?', revoked: 'Sessions revoked', disableConfirm: 'Disable user "{name}"?',
  },
  import: {
    title: 'Import {entity}', pick: 'Choose an Excel file (.xlsx)', pickHint: 'Row 1 is the header; data starts on row 2',
    sheet: 'Sheet', rows: '{n} data rows', mapping: 'Column mapping', field: 'Field', column: 'Sheet column',
    notMapped: '(skip)', preview: 'Preview (first 5 rows)', check: 'Check', submit: 'Submit', checking: 'Checking…',
    total: 'Rows', valid: 'Valid', created: 'Imported', problems: 'Problems', row: 'Row', message: 'Message',
    noProblems: 'No problems found, ready to submit', done: 'Import finished, {n} created',
    hasProblems: '{n} problems found; fix the sheet and choose the file again',
    readFailed: 'Cannot read this file; is it an .xlsx file?', empty: 'The sheet has no data rows',
    missingRequired: 'Required fields not mapped: {fields}', step1: 'File', step2: 'Columns', step3: 'Check and submit',
    next: 'Next', prev: 'Back', reselect: 'Choose another file',
  },
}
