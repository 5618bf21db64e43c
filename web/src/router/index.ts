import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { orgRoutes } from './modules/org'
import { systemRoutes } from './modules/system'
import { mobileRoutes, screeningRoutes } from './modules/screening'
import { residentsMobileRoutes, residentsRoutes } from './modules/residents'
import { gateMobileRoutes, gateRoutes } from './modules/gate'
import { observationMobileRoutes, observationRoutes } from './modules/observation'
import { tasksMobileRoutes, tasksRoutes } from './modules/tasks'
import { dashboardFullRoutes, dashboardRoutes } from './modules/dashboard'
import { reportsFullRoutes, reportsRoutes } from './modules/reports'
import { directivesFullRoutes, directivesRoutes } from './modules/directives'
import { firmsFullRoutes, firmsRoutes } from './modules/firms'
import { useUserStore } from '@/stores/user'
import { setUnauthorizedHandler } from '@/api/request'
import { i18n } from '@/locales'

declare module 'vue-router' {
  interface RouteMeta {
    title?: string
    perm?: string
    icon?: string
    group?: string
    public?: boolean
    /** a phone page that opens with no network (the last signed-in user is assumed) */
    offline?: boolean
  }
}

/** The pages shown in the side menu, in order, grouped by meta.group. */
export const menuRoutes: RouteRecordRaw[] = [
  ...dashboardRoutes,
  ...reportsRoutes,
  ...directivesRoutes,
  ...firmsRoutes,
  ...screeningRoutes,
  ...residentsRoutes,
  ...gateRoutes,
  ...observationRoutes,
  ...tasksRoutes,
  ...orgRoutes,
  ...systemRoutes,
]

const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/login/index.vue'),
    meta: { public: true, title: 'login.title' },
  },
  ...mobileRoutes,
  ...residentsMobileRoutes,
  ...gateMobileRoutes,
  ...observationMobileRoutes,
  ...tasksMobileRoutes,
  ...dashboardFullRoutes,
  ...reportsFullRoutes,
  ...directivesFullRoutes,
  ...firmsFullRoutes,
  {
    path: '/',
    component: () => import('@/layout/index.vue'),
    children: [
      { path: '', name: 'home', component: () => import('@/views/home/index.vue'), meta: { title: 'menu.home', icon: 'HomeFilled' } },
      ...menuRoutes,
      { path: '403', name: 'forbidden', component: () => import('@/views/error/403.vue'), meta: { title: 'error.forbiddenPage' } },
      { path: ':pathMatch(.*)*', name: 'notfound', component: () => import('@/views/error/404.vue'), meta: { title: 'error.notFoundPage' } },
    ],
  },
]

const isPhoneScreen = () => window.innerWidth < 768

export const router = createRouter({
  history: createWebHistory(),
  routes,
})

router.beforeEach(async (to) => {
  const store = useUserStore()
  const loggedIn = await store.ensureLoaded(!!to.meta.offline)
  if (to.meta.public) {
    if (to.name === 'login' && loggedIn) return { path: (to.query.redirect as string) || '/' }
    return true
  }
  if (!loggedIn) return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  if (to.meta.perm && !store.can(to.meta.perm)) return { name: 'forbidden', query: { from: to.fullPath } }
  // Checkpoint staff on a phone land on the phone page; ?desk=1 keeps the desk.
  if (to.name === 'home' && !to.query.desk && isPhoneScreen() && store.user?.roles.includes('checkpoint') && store.can('screening:passage:write')) {
    return { name: 'm-checkpoint' }
  }
  return true
})

router.afterEach((to) => {
  const t = i18n.global.t
  const title = to.meta.title ? t(to.meta.title) : ''
  document.title = title ? `${title} · ${t('app.name')}` : t('app.name')
})

// A 401 from any API call: the session is gone, go to the login page.
setUnauthorizedHandler(() => {
  const store = useUserStore()
  store.clear()
  const current = router.currentRoute.value
  if (current.name !== 'login') router.replace({ name: 'login', query: { redirect: current.fullPath } })
})
