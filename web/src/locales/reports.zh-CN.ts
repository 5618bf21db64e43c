// Command centre — reports.
export const reportsMenuZh = {}
export const reportsEnumsZh = {}
export const reportsZh = {}
