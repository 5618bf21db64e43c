import type { RouteRecordRaw } from 'vue-router'

/** Desk pages of the command centre's reports part (menu group "command"). */
export const reportsRoutes: RouteRecordRaw[] = [
  {
    path: 'command/reports',
    name: 'reports',
    component: () => import('@/views/command/reports/index.vue'),
    meta: { title: 'menu.reports', perm: 'command:report:read', icon: 'Document', group: 'command' },
  },
  {
    path: 'command/report-templates',
    name: 'report-templates',
    component: () => import('@/views/command/reports/templates.vue'),
    meta: { title: 'menu.reportTemplates', perm: 'command:report:read', icon: 'Tickets', group: 'command' },
  },
]

/** Full-screen pages outside the desk layout (phone pages, the big screen). */
export const reportsFullRoutes: RouteRecordRaw[] = [
  {
    // The A4 print view: the browser's print (to PDF) prints exactly this page.
    path: '/print/reports/:id',
    name: 'report-print',
    component: () => import('@/views/command/reports/print.vue'),
    meta: { title: 'menu.reports', perm: 'command:report:read' },
  },
]
