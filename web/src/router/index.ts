import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { orgRoutes } from './modules/org'
import { systemRoutes } from './modules/system'
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
  }
}

/** The pages shown in the side menu, in order, grouped by meta.group. */
export const menuRoutes: RouteRecordRaw[] = [...orgRoutes, ...systemRoutes]

const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/login/index.vue'),
    meta: { public: true, title: 'login.title' },
  },
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

export const router = createRouter({
  history: createWebHistory(),
  routes,
})

router.beforeEach(async (to) => {
  const store = useUserStore()
  const loggedIn = await store.ensureLoaded()
  if (to.meta.public) {
    if (to.name === 'login' && loggedIn) return { path: (to.query.redirect as string) || '/' }
    return true
  }
  if (!loggedIn) return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  if (to.meta.perm && !store.can(to.meta.perm)) return { name: 'forbidden', query: { from: to.fullPath } }
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
