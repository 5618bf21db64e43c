// Command centre — firms.
export const firmsMenuZh = {}
export const firmsEnumsZh = {}
export const firmsZh = {}
