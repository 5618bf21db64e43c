import type { RouteRecordRaw } from 'vue-router'

/** Desk pages of the observation part of community closed management (menu group "community"). */
export const observationRoutes: RouteRecordRaw[] = []

/** Phone pages: full screen, outside the desk layout. */
export const observationMobileRoutes: RouteRecordRaw[] = []
