import type { RouteRecordRaw } from 'vue-router'

/** Desk pages of the residents part of community closed management (menu group "community"). */
export const residentsRoutes: RouteRecordRaw[] = [
  {
    path: 'residents/households',
    name: 'residents-households',
    component: () => import('@/views/residents/household/index.vue'),
    meta: { title: 'menu.households', perm: 'residents:household:read', icon: 'House', group: 'community' },
  },
  {
    path: 'residents/persons',
    name: 'residents-persons',
    component: () => import('@/views/residents/person/index.vue'),
    meta: { title: 'menu.persons', perm: 'residents:person:read', icon: 'User', group: 'community' },
  },
  {
    path: 'residents/duplicates',
    name: 'residents-duplicates',
    component: () => import('@/views/residents/duplicates/index.vue'),
    meta: { title: 'menu.personDuplicates', perm: 'residents:person:read', icon: 'CopyDocument', group: 'community' },
  },
  {
    path: 'residents/import',
    name: 'residents-import',
    component: () => import('@/views/residents/import/index.vue'),
    meta: { title: 'menu.residentsImport', perm: 'residents:household:write', icon: 'Upload', group: 'community' },
  },
]

/** Phone pages: full screen, outside the desk layout. */
export const residentsMobileRoutes: RouteRecordRaw[] = []
