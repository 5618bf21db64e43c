import type { RouteRecordRaw } from 'vue-router'

/** Desk pages of the residents part of community closed management (menu group "community"). */
export const residentsRoutes: RouteRecordRaw[] = []

/** Phone pages: full screen, outside the desk layout. */
export const residentsMobileRoutes: RouteRecordRaw[] = []
