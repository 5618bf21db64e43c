import type { Directive, DirectiveBinding } from 'vue'
import { useUserStore } from '@/stores/user'

/**
 * v-perm="'org:unit:write'" or v-perm="['a','b']" (any of): hides the element
 * when the signed-in user lacks the permission. Hidden rather than removed so
 * Vue's patching keeps working; use v-if with `can()` where the element must
 * not exist at all.
 */
function apply(el: HTMLElement, binding: DirectiveBinding<string | string[]>) {
  const allowed = useUserStore().can(binding.value)
  if (allowed) {
    if (el.dataset.permHidden) {
      el.style.display = el.dataset.permDisplay ?? ''
      delete el.dataset.permHidden
    }
  } else if (!el.dataset.permHidden) {
    el.dataset.permDisplay = el.style.display
    el.dataset.permHidden = '1'
    el.style.display = 'none'
  }
}

export const perm: Directive<HTMLElement, string | string[]> = {
  mounted: apply,
  updated: apply,
}
