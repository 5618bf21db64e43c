// Community closed management — residents.
export const residentsMenuZh = { community: '社区管控' }
export const residentsEnumsZh = {}
export const residentsZh = {}
