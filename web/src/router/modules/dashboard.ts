import type { RouteRecordRaw } from 'vue-router'

/** Desk pages of the command centre's dashboard part (menu group "command"). */
export const dashboardRoutes: RouteRecordRaw[] = []

/** Full-screen pages outside the desk layout (phone pages, the big screen). */
export const dashboardFullRoutes: RouteRecordRaw[] = []
