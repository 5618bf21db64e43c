// Community closed management — tasks.
export const tasksMenuEn = {}
export const tasksEnumsEn = {}
export const tasksEn = {}
