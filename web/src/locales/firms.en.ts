// Command centre — firms.
export const firmsMenuEn = {}
export const firmsEnumsEn = {}
export const firmsEn = {}
