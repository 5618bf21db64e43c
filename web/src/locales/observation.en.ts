// Community closed management — observation.
export const observationMenuEn = {}
export const observationEnumsEn = {}
export const observationEn = {}
