import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as authApi from '@/api/auth/auth'
import { ApiError, setCsrfToken } from '@/api/request'
import type { CurrentUser } from '@/api/types'

// The last signed-in user, so a phone page can open with no network; the
// server still checks every request. Removed on logout.
const CACHE_KEY = 'fk_user_cache'
function cacheUser(u: CurrentUser | null) {
  try {
    if (u) localStorage.setItem(CACHE_KEY, JSON.stringify(u))
    else localStorage.removeItem(CACHE_KEY)
  } catch {
    /* storage full or denied */
  }
}
function cachedUser(): CurrentUser | null {
  try {
    return JSON.parse(localStorage.getItem(CACHE_KEY) || 'null') as CurrentUser | null
  } catch {
    return null
  }
}

export const useUserStore = defineStore('user', () => {
  const user = ref<CurrentUser | null>(null)
  const loaded = ref(false)

  const permissions = computed(() => new Set(user.value?.permissions ?? []))
  const isLoggedIn = computed(() => user.value !== null)

  function can(perm: string | string[] | undefined): boolean {
    if (!perm) return true
    const list = Array.isArray(perm) ? perm : [perm]
    return list.some((p) => permissions.value.has(p))
  }

  async function login(username: string, password: string) {
    const reply = await authApi.login(username, password)
    setCsrfToken(reply.csrf_token)
    user.value = reply.user
    loaded.value = true
    cacheUser(reply.user)
    return reply.user
  }

  /** True while the user is the cached one because the network was down. */
  const offline = ref(false)

  /**
   * Loads the session user once; false when not logged in. With allowOffline
   * (phone pages), a network failure falls back to the last signed-in user.
   */
  async function ensureLoaded(allowOffline = false): Promise<boolean> {
    if (loaded.value && !(offline.value && !allowOffline)) return user.value !== null
    try {
      const reply = await authApi.me()
      setCsrfToken(reply.csrf_token)
      user.value = reply.user
      offline.value = false
      cacheUser(reply.user)
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 401) console.warn('auth/me failed', e)
      const cached = allowOffline && e instanceof ApiError && e.status === 0 ? cachedUser() : null
      user.value = cached
      offline.value = cached !== null
    }
    loaded.value = true
    return user.value !== null
  }

  async function logout() {
    try {
      await authApi.logout()
    } finally {
      clear()
    }
  }

  async function logoutEverywhere() {
    try {
      await authApi.logoutAll()
    } finally {
      clear()
    }
  }

  function clear() {
    cacheUser(null)
    offline.value = false
    user.value = null
    loaded.value = true
    setCsrfToken('')
  }

  return { user, loaded, offline, permissions, isLoggedIn, can, login, ensureLoaded, logout, logoutEverywhere, clear }
})
