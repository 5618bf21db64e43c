import { reactive } from 'vue'
import { ElMessage } from 'element-plus'
import { ApiError, errorText } from '@/api/request'

/** Server-side field errors (422) shown under the matching form items. */
export function useFieldErrors() {
  const errors = reactive<Record<string, string>>({})
  function clear() {
    Object.keys(errors).forEach((k) => delete errors[k])
  }
  function show(e: unknown) {
    clear()
    if (e instanceof ApiError && e.fields.length) {
      for (const f of e.fields) errors[f.field] = f.message || f.rule || e.message
      ElMessage.error(e.message)
    } else {
      ElMessage.error(errorText(e))
    }
  }
  return { errors, clear, show }
}
