import type { RouteRecordRaw } from 'vue-router'

/** Desk pages of the command centre's directives part (menu group "command"). */
export const directivesRoutes: RouteRecordRaw[] = [
  {
    path: 'command/meetings',
    name: 'meetings',
    component: () => import('@/views/command/meetings/index.vue'),
    meta: { title: 'menu.meetings', perm: 'command:directive:read', icon: 'Calendar', group: 'command' },
  },
  {
    // ?mine=1: the responsible side's "my directives"
    path: 'command/directives',
    name: 'directives',
    component: () => import('@/views/command/directives/index.vue'),
    meta: { title: 'menu.directives', perm: 'command:directive:read', icon: 'Flag', group: 'command' },
  },
]

/** Full-screen pages outside the desk layout (phone pages, the big screen). */
export const directivesFullRoutes: RouteRecordRaw[] = [
  {
    // A town or department cadre's phone page: my directives, one opens in place.
    path: '/m/directives',
    name: 'm-directives',
    component: () => import('@/views/command/directives/mobile.vue'),
    meta: { title: 'menu.myDirectives', perm: 'command:directive:read' },
  },
]
