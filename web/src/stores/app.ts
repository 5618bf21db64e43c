import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { i18n, setLocale, type Locale } from '@/locales'

const NARROW = 768

export const useAppStore = defineStore('app', () => {
  const width = ref(window.innerWidth)
  const collapsed = ref(false)
  const drawerOpen = ref(false)
  const isMobile = computed(() => width.value < NARROW)
  const locale = computed<Locale>(() => i18n.global.locale.value as Locale)

  window.addEventListener('resize', () => {
    width.value = window.innerWidth
    if (!isMobile.value) drawerOpen.value = false
  })

  function toggleMenu() {
    if (isMobile.value) drawerOpen.value = !drawerOpen.value
    else collapsed.value = !collapsed.value
  }

  function changeLocale(l: Locale) {
    setLocale(l)
  }

  return { width, collapsed, drawerOpen, isMobile, locale, toggleMenu, changeLocale }
})
