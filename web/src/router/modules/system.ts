import type { RouteRecordRaw } from 'vue-router'

export const systemRoutes: RouteRecordRaw[] = [
  {
    path: 'system/users',
    name: 'users',
    component: () => import('@/views/system/user/index.vue'),
    meta: { title: 'menu.users', perm: 'auth:user:read', icon: 'Avatar', group: 'system' },
  },
  {
    path: 'audit/log',
    name: 'audit',
    component: () => import('@/views/audit/log/index.vue'),
    meta: { title: 'menu.audit', perm: 'audit:log:read', icon: 'Document', group: 'system' },
  },
]
