// Community closed management — tasks.
export const tasksMenuZh = {}
export const tasksEnumsZh = {}
export const tasksZh = {}
