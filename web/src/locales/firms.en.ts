// Command centre — firms (re-opening).
export const firmsMenuEn = { firms: 'Firm re-opening' }
export const firmsEnumsEn = {
  firmStatus: { draft: 'Draft', submitted: 'Submitted', approved: 'Approved', returned: 'Returned', withdrawn: 'Withdrawn' },
  firmMeasure: { masks: 'Masks in stock', temperature_checks: 'Temperature checks', disinfection: 'Disinfection', canteen_spacing: 'Canteen spacing' },
  firmAction: { submit: 'Submitted', resubmit: 'Resubmitted after edits', approve: 'Approved', return: 'Returned', withdraw: 'Withdrawn' },
}
export const firmsEn = {
  firms: {
    title: 'Re-opening applications',
    all: 'All',
    qHint: 'Name, credit code or contact',
    add: 'New application',
    exportApproved: 'Export approved firms',
    col: {
      name: 'Firm', creditCode: 'Unified social credit code', address: 'Address', unit: 'Unit', industry: 'Industry',
      staff: 'Staff', outside: 'From outside', measures: 'Measures', measuresNote: 'Notes on measures', contact: 'Contact',
      phone: 'Phone', status: 'Status', listed: 'Returning staff', updated: 'Updated', submitted: 'Submitted',
    },
    form: {
      create: 'New re-opening application', edit: 'Edit application', saveDraft: 'Save draft', submit: 'Submit for review', save: 'Save',
      codeHint: '18 characters, checked as you type', phoneHint: 'Mobile, or landline with area code', phoneKeep: 'Leave empty to keep',
      measuresHint: 'Tick the measures in place', staffHint: 'Total staff / of whom from outside the city',
    },
    codeRule: {
      length: 'must be 18 characters', format: 'has a character not allowed (no I, O, S, V, Z)', authority: 'character 1 is not a registration authority',
      kind: 'character 2 is not an organisation kind', division: 'characters 3–8 are not a division code', check_digit: 'the check character does not match',
    },
    review: {
      approve: 'Approve', return: 'Return', confirmApprove: 'Approve "{name}" to re-open? Its returning staff will then be recognised at checkpoints.',
      returnTitle: 'Return the application', reasons: 'Reasons', reasonsHint: 'One reason a line', quick: 'Common reasons',
      quickReasons: { r1: 'Not enough masks in stock', r2: 'No temperature checks', r3: 'No daily disinfection', r4: 'No canteen spacing', r5: 'Staff from outside not listed' },
      submitted: 'Submitted', approved: 'Approved', returned: 'Returned', withdrawn: 'Withdrawn', ownNoReview: 'You cannot review an application you entered',
      withdraw: 'Withdraw', confirmWithdraw: 'Withdraw the application of "{name}"? Its staff will no longer be recognised at checkpoints.',
    },
    detail: { history: 'Review history', reasons: 'Reasons for return', staff: 'Returning staff', none: 'None' },
    staff: {
      import: 'Import list', remove: 'Remove', confirmRemove: 'Remove {name} from the list?', name: 'Name', idNumber: 'Identity number',
      phone: 'Mobile', plate: 'Plate', origin: 'Coming from', expected: 'Expected', count: '{n} people',
    },
    imp: {
      title: 'Import returning staff', pick: 'Choose an Excel file (.xlsx) with a header row', template: 'Headers e.g.: name, identity number, mobile, plate, coming from, expected date',
      rows: '{n} rows', check: 'Check (dry run)', commit: 'Import', ok: 'No problems: {added} new, {listed} already listed',
      done: '{added} imported', problems: '{n} problems: fix the file and choose it again', row: 'Row', field: 'Field', rule: 'Problem',
      replayed: 'This batch was imported before; nothing written twice',
    },
  },
  checkpointFirm: { match: 'Returning staff · {name} → suggest pass', offline: 'Offline: returning staff cannot be recognised', checking: 'Checking the re-opening lists…' },
}
