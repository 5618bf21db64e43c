// Community closed management — residents.
export const residentsMenuEn = { community: 'Communities' }
export const residentsEnumsEn = {}
export const residentsEn = {}
