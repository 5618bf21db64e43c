// Command centre — reports.
export const reportsMenuEn = {}
export const reportsEnumsEn = {}
export const reportsEn = {}
