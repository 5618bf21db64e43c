// Command centre — dashboard.
export const dashboardMenuZh = {}
export const dashboardEnumsZh = {}
export const dashboardZh = {}
