import type { RouteRecordRaw } from 'vue-router'

/** Desk pages of the tasks part of community closed management (menu group "community"). */
export const tasksRoutes: RouteRecordRaw[] = []

/** Phone pages: full screen, outside the desk layout. */
export const tasksMobileRoutes: RouteRecordRaw[] = []
