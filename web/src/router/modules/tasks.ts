import type { RouteRecordRaw } from 'vue-router'

/** Desk pages of the tasks part of community closed management (menu group "community"). */
export const tasksRoutes: RouteRecordRaw[] = [
  {
    path: 'residents/estate-tasks',
    name: 'estate-tasks',
    component: () => import('@/views/residents/tasks/index.vue'),
    meta: { title: 'menu.estateTasks', perm: 'residents:task:read', icon: 'Tickets', group: 'community' },
  },
  {
    path: 'residents/figures',
    name: 'community-figures',
    component: () => import('@/views/residents/figures/index.vue'),
    meta: { title: 'menu.communityFigures', perm: 'residents:household:read', icon: 'DataLine', group: 'community' },
  },
]

/** Phone pages: full screen, outside the desk layout. */
export const tasksMobileRoutes: RouteRecordRaw[] = [
  {
    path: '/m/tasks',
    name: 'm-tasks',
    component: () => import('@/mobile/tasks/index.vue'),
    meta: { title: 'menu.tasksPhone', perm: 'residents:task:write', offline: true },
  },
]
