import type { RouteRecordRaw } from 'vue-router'

/** Desk pages of the command centre's firms part (menu group "command"). */
export const firmsRoutes: RouteRecordRaw[] = []

/** Full-screen pages outside the desk layout (phone pages, the big screen). */
export const firmsFullRoutes: RouteRecordRaw[] = []
