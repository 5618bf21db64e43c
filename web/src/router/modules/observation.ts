import type { RouteRecordRaw } from 'vue-router'

/** Desk pages of the observation part of community closed management (menu group "community"). */
export const observationRoutes: RouteRecordRaw[] = [
  {
    path: 'residents/observation',
    name: 'observation',
    component: () => import('@/views/residents/observation/index.vue'),
    meta: { title: 'menu.observation', perm: 'residents:observation:read', icon: 'HomeFilled', group: 'community' },
  },
]

/** Phone pages: full screen, outside the desk layout. */
export const observationMobileRoutes: RouteRecordRaw[] = [
  {
    path: '/m/rounds',
    name: 'm-rounds',
    component: () => import('@/mobile/rounds/index.vue'),
    meta: { title: 'menu.obsRounds', perm: 'residents:observation:write', offline: true },
  },
  {
    // The resident's own link: no sign-in, the token is the credential.
    path: '/r/:token',
    name: 'self-report',
    component: () => import('@/mobile/self-report/index.vue'),
    meta: { title: 'menu.obsSelfReport', public: true },
  },
]
