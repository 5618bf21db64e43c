import type { RouteRecordRaw } from 'vue-router'

export const screeningRoutes: RouteRecordRaw[] = [
  {
    path: 'screening/passages',
    name: 'passages',
    component: () => import('@/views/screening/passage/index.vue'),
    meta: { title: 'menu.passages', perm: 'screening:passage:read', icon: 'Van', group: 'screening' },
  },
  {
    path: 'screening/handovers',
    name: 'handovers',
    component: () => import('@/views/screening/handover/index.vue'),
    meta: { title: 'menu.handovers', perm: 'screening:handover:read', icon: 'FirstAidKit', group: 'screening' },
  },
  {
    path: 'screening/rules',
    name: 'screening-rules',
    component: () => import('@/views/screening/rule/index.vue'),
    meta: { title: 'menu.rules', perm: 'screening:rule:read', icon: 'Tickets', group: 'screening' },
  },
  {
    path: 'screening/figures',
    name: 'screening-figures',
    component: () => import('@/views/screening/figures/index.vue'),
    meta: { title: 'menu.figures', perm: 'screening:passage:read', icon: 'DataLine', group: 'screening' },
  },
]

/** The phone pages: full screen, outside the desk layout. */
export const mobileRoutes: RouteRecordRaw[] = [
  {
    path: '/m/checkpoint',
    name: 'm-checkpoint',
    component: () => import('@/mobile/checkpoint/index.vue'),
    meta: { title: 'mobile.title', perm: 'screening:passage:write', offline: true },
  },
]
