import type { RouteRecordRaw } from 'vue-router'

/** Desk pages of the gate part of community closed management (menu group "community"). */
export const gateRoutes: RouteRecordRaw[] = [
  {
    path: 'residents/passes',
    name: 'gate-passes',
    component: () => import('@/views/gate/pass/index.vue'),
    meta: { title: 'menu.gatePasses', perm: 'residents:household:read', icon: 'Tickets', group: 'community' },
  },
  {
    path: 'residents/gate-events',
    name: 'gate-events',
    component: () => import('@/views/gate/event/index.vue'),
    meta: { title: 'menu.gateEvents', perm: 'residents:household:read', icon: 'Document', group: 'community' },
  },
  {
    path: 'residents/gate-rules',
    name: 'gate-rules',
    component: () => import('@/views/gate/rule/index.vue'),
    meta: { title: 'menu.gateRules', perm: 'residents:household:read', icon: 'Setting', group: 'community' },
  },
]

/** Phone pages: full screen, outside the desk layout. */
export const gateMobileRoutes: RouteRecordRaw[] = [
  {
    path: '/m/gate',
    name: 'm-gate',
    component: () => import('@/mobile/gate/index.vue'),
    meta: { title: 'gate.title', perm: 'residents:gate:write', offline: true },
  },
]
