import { reactive, ref, shallowRef } from 'vue'
import type { Page, Query } from '@/api/request'

/**
 * Cursor paging over a list endpoint: keeps the stack of page tokens so the
 * user can go back, and the current filters (sent as query parameters).
 */
export function useCursorList<T, F extends Query>(fetcher: (q: Query) => Promise<Page<T>>, initialFilters: F, pageSize = 20) {
  const filters = reactive({ ...initialFilters }) as F
  const items = shallowRef<T[]>([])
  const loading = ref(false)
  const size = ref(pageSize)
  const tokens = ref<(string | null)[]>([null]) // tokens[i] fetches page i
  const index = ref(0)
  const nextToken = ref<string | null>(null)

  function query(): Query {
    return { ...filters }
  }

  async function load() {
    loading.value = true
    try {
      const page = await fetcher({ ...query(), page_size: size.value, page_token: tokens.value[index.value] ?? undefined })
      items.value = page.items ?? []
      nextToken.value = page.next_page_token || null
    } catch {
      items.value = []
      nextToken.value = null
    } finally {
      loading.value = false
    }
  }

  function search() {
    tokens.value = [null]
    index.value = 0
    return load()
  }

  function reset() {
    Object.assign(filters, initialFilters)
    return search()
  }

  function next() {
    if (!nextToken.value) return
    tokens.value = tokens.value.slice(0, index.value + 1)
    tokens.value.push(nextToken.value)
    index.value++
    return load()
  }

  function prev() {
    if (index.value === 0) return
    index.value--
    return load()
  }

  function setSize(n: number) {
    size.value = n
    return search()
  }

  return { filters, items, loading, size, index, nextToken, load, search, reset, next, prev, setSize, query }
}
