import type { RouteRecordRaw } from 'vue-router'

/** Desk pages of the command centre's directives part (menu group "command"). */
export const directivesRoutes: RouteRecordRaw[] = []

/** Full-screen pages outside the desk layout (phone pages, the big screen). */
export const directivesFullRoutes: RouteRecordRaw[] = []
