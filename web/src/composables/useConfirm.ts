import { ElMessageBox } from 'element-plus'
import { i18n } from '@/locales'

/** Resolves true when the user confirms. */
export async function confirmAction(message: string): Promise<boolean> {
  const t = i18n.global.t
  try {
    await ElMessageBox.confirm(message, t('common.confirmTitle'), {
      type: 'warning',
      confirmButtonText: t('common.confirm'),
      cancelButtonText: t('common.cancel'),
    })
    return true
  } catch {
    return false
  }
}
