import type { RouteRecordRaw } from 'vue-router'

/** Desk pages of the gate part of community closed management (menu group "community"). */
export const gateRoutes: RouteRecordRaw[] = []

/** Phone pages: full screen, outside the desk layout. */
export const gateMobileRoutes: RouteRecordRaw[] = []
