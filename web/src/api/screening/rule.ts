import { http } from '../request'
import type { RuleVersion, ScreeningRules } from './types'

export const currentRules = (silent = false) =>
  http.get<RuleVersion>('/api/v1/screening/rules', undefined, { silent, noAuthRedirect: silent })
export const ruleVersions = () => http.get<{ items: RuleVersion[] } | RuleVersion[]>('/api/v1/screening/rules/versions')
export const saveRules = (rules: ScreeningRules, note: string) =>
  http.post<RuleVersion>('/api/v1/screening/rules', { rules, note }, { silent: true })
