import type { RouteRecordRaw } from 'vue-router'

/** Desk pages of the command centre's firms part (menu group "command"). */
export const firmsRoutes: RouteRecordRaw[] = [
  {
    path: 'command/firms',
    name: 'command-firms',
    component: () => import('@/views/command/firms/index.vue'),
    meta: { title: 'menu.firms', perm: 'command:firm:read', icon: 'Briefcase', group: 'command' },
  },
]

/** Full-screen pages outside the desk layout (phone pages, the big screen). */
export const firmsFullRoutes: RouteRecordRaw[] = []
