// Community closed management — gate.
export const gateMenuEn = {}
export const gateEnumsEn = {}
export const gateEn = {}
