// Community closed management — resident files.
export const residentsMenuEn = { community: 'Communities', households: 'Households', persons: 'Residents', personDuplicates: 'Possible duplicates', residentsImport: 'Import files' }
export const residentsEnumsEn = {}
export const residentsEn = {
  residents: {
    reveal: 'Show',
    col: {
      unit_code: 'Unit code', building: 'Building', entrance: 'Entrance', room: 'Room', address: 'Address', kind: 'Kind',
      household_phone: 'Household phone', name: 'Name', id_number: 'ID number', phone: 'Mobile', relation: 'Relation',
      is_staff: 'Staff', staff_employer: 'Employer', staff_duty: 'Duty', special_kind: 'Special circumstance',
      special_note: 'Special note', returned: 'Returned', origin_code: 'Origin code', origin_name: 'Origin', returned_on: 'Returned on',
    },
    kind: { owner_occupied: 'Owner-occupied', rented: 'Rented', dormitory: 'Dormitory', shop: 'Shop' },
    relation: { head: 'Head', spouse: 'Spouse', child: 'Child', parent: 'Parent', relative: 'Relative', tenant: 'Tenant', employee: 'Employee', other: 'Other' },
    special: { none: 'None', pregnancy: 'Pregnancy', dialysis: 'Dialysis', chronic_illness: 'Chronic illness', disability: 'Disability', elderly_alone: 'Elderly alone', other: 'Other' },
    sex: { male: 'M', female: 'F' },
    tag: { staff: 'Staff', special: 'Special', returned: 'Returned' },
    dupReason: {
      id_number_on_file: 'ID number on file', id_number_in_file: 'ID number twice in file',
      name_phone_on_file: 'Name + phone on file', name_phone_in_file: 'Name + phone twice in file',
    },
    household: {
      title: 'Households', create: 'New household', edit: 'Edit household', members: 'Members', note: 'Note',
      qHint: 'Address, phone or its last 4', addressHint: 'Default: unit + building + entrance + room', confirmDeactivate: 'Deactivate {address} and its members?',
    },
    person: {
      title: 'Residents', create: 'New resident', edit: 'Edit resident', tag: 'Tag', tags: 'Tags', sexBirth: 'Sex / born',
      householdId: 'Household no.', household: 'Household', qHint: 'Name, address, ID number or phone (full, masked or last 4)',
      move: 'Move', moveTitle: 'Move {name}', moveFrom: 'Current household', moveTo: 'Move to', moved: 'Moved',
      moveSame: 'Choose another household', householdRequired: 'Choose a household',
    },
    householdSelect: { hint: 'Search by address or phone' },
    dup: {
      title: 'Possible duplicates', refresh: 'Refresh', count: '{n} groups', none: 'No possible duplicates', loadFailed: 'Could not load',
      hint: 'Persons with the same name and phone (one without an ID number), or the same name and birth date. For review only; never merged automatically.',
      reason: { name_phone: 'Same name + phone', name_birth_date: 'Same name + birth date' },
      merge: 'Merge', mergeTitle: 'Merge duplicates', keepHint: 'Choose the record to keep: its empty fields (ID number, phone, tags…) are filled from the other, which is deactivated.',
      effect: 'The other {n} record(s) will be deactivated (audited).', noNumber: 'no ID number',
      confirm: 'Merge {others} into {keep}? The former is deactivated; this cannot be undone.', merged: 'Merged',
    },
    import: {
      title: 'Import resident files', unit: 'Into', unitRequired: 'Choose the community, village or estate', stepCheck: 'Dry run', stepDone: 'Done',
      hint: 'One row per person; rows with the same address (or building + entrance + room) form one household and join a household already at that address. Dry run first: every problem with its row; then commit: all rows or none.',
      mapping: 'Columns', dryRun: 'Dry run', commit: 'Import', rule: 'Rule', duplicates: 'Possible duplicates (merge them in Residents; never merged automatically)',
      reason: 'Reason', other: 'Matches', otherRow: 'row {row}', mergeHint: 'Rows whose ID number is on file must be removed or corrected; rows with the same name and phone are imported and can be merged later.',
      householdsNew: 'New households', householdsJoined: 'Joined households', done: 'Imported: {households} households, {persons} persons',
    },
  },
}
