import { defineStore } from 'pinia'
import { ref } from 'vue'
import { unitTree } from '@/api/org/unit'
import type { UnitNode } from '@/api/types'

/** The caller's visible unit tree, shared by the unit pickers. */
export const useOrgStore = defineStore('org', () => {
  const tree = ref<UnitNode[]>([])
  const loaded = ref(false)
  let pending: Promise<UnitNode[]> | null = null

  async function loadTree(force = false, silent = false): Promise<UnitNode[]> {
    if (loaded.value && !force) return tree.value
    if (!pending) {
      pending = unitTree(silent)
        .then((r) => {
          tree.value = r.items ?? []
          loaded.value = true
          return tree.value
        })
        .finally(() => {
          pending = null
        })
    }
    return pending
  }

  function findById(id: number | null | undefined, nodes: UnitNode[] = tree.value): UnitNode | null {
    if (id == null) return null
    for (const n of nodes) {
      if (n.id === id) return n
      const c = findById(id, n.children ?? [])
      if (c) return c
    }
    return null
  }

  function reset() {
    tree.value = []
    loaded.value = false
  }

  return { tree, loaded, loadTree, findById, reset }
})
