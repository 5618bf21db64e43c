// Community closed management — gate.
export const gateMenuZh = {}
export const gateEnumsZh = {}
export const gateZh = {}
