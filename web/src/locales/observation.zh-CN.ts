// Community closed management — observation.
export const observationMenuZh = {}
export const observationEnumsZh = {}
export const observationZh = {}
