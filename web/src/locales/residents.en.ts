// Community closed management — resident files.
export const residentsMenuEn = { community: 'Communities', households: 'Households', persons: 'Residents', residentsImport: 'Import files' }
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
      householdId: 'Household no.', qHint: 'Name, address, ID number or phone (full, masked or last 4)',
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
