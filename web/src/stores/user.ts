import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as authApi from '@/api/auth/auth'
import { ApiError, setCsrfToken } from '@/api/request'
import type { CurrentUser } from '@/api/types'

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
    return reply.user
  }

  /** Loads the session user once; false when not logged in. */
  async function ensureLoaded(): Promise<boolean> {
    if (loaded.value) return user.value !== null
    try {
      const reply = await authApi.me()
      setCsrfToken(reply.csrf_token)
      user.value = reply.user
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 401) console.warn('auth/me failed', e)
      user.value = null
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

  function clear() {
    user.value = null
    loaded.value = true
    setCsrfToken('')
  }

  return { user, loaded, permissions, isLoggedIn, can, login, ensureLoaded, logout, clear }
})
