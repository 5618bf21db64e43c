import type { RouteRecordRaw } from 'vue-router'

export const orgRoutes: RouteRecordRaw[] = [
  {
    path: 'org/units',
    name: 'units',
    component: () => import('@/views/org/unit/index.vue'),
    meta: { title: 'menu.units', perm: 'org:unit:read', icon: 'OfficeBuilding', group: 'org' },
  },
  {
    path: 'org/points',
    name: 'points',
    component: () => import('@/views/org/point/index.vue'),
    meta: { title: 'menu.points', perm: 'org:point:read', icon: 'Location', group: 'org' },
  },
  {
    path: 'org/staff',
    name: 'staff',
    component: () => import('@/views/org/staff/index.vue'),
    meta: { title: 'menu.staff', perm: 'org:staff:read', icon: 'User', group: 'org' },
  },
]
