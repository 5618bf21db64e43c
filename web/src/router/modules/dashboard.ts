import type { RouteRecordRaw } from 'vue-router'

/** Desk pages of the command centre's dashboard part (menu group "command"). */
export const dashboardRoutes: RouteRecordRaw[] = [
  {
    path: 'command/dashboard',
    name: 'command-dashboard',
    component: () => import('@/views/command/dashboard/index.vue'),
    meta: { title: 'menu.dashboard', perm: 'command:dashboard:read', icon: 'Monitor', group: 'command' },
  },
]

/** Full-screen pages outside the desk layout (phone pages, the big screen). */
export const dashboardFullRoutes: RouteRecordRaw[] = [
  {
    path: '/screen',
    name: 'command-screen',
    component: () => import('@/views/command/screen/index.vue'),
    meta: { title: 'menu.bigScreen', perm: 'command:dashboard:read' },
  },
]
