// Command centre — dashboard.
export const dashboardMenuEn = {}
export const dashboardEnumsEn = {}
export const dashboardEn = {}
