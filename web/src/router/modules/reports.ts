import type { RouteRecordRaw } from 'vue-router'

/** Desk pages of the command centre's reports part (menu group "command"). */
export const reportsRoutes: RouteRecordRaw[] = []

/** Full-screen pages outside the desk layout (phone pages, the big screen). */
export const reportsFullRoutes: RouteRecordRaw[] = []
