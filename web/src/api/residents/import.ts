import { http } from '../request'

export interface ResidentImportProblem {
  row: number
  field: string
  rule: string
  message: string
}
export interface ResidentImportDuplicate {
  row: number
  reason: 'id_number_on_file' | 'id_number_in_file' | 'name_phone_on_file' | 'name_phone_in_file'
  other_row: number | null
  person_id: number | null
  person_name: string
  id_number_masked: string
  phone_masked: string
  household_address: string
}
export interface ResidentImportResult {
  status: 'staged' | 'dry_run' | 'committed'
  rows: number
  households_new: number
  households_joined: number
  persons_new: number
  replayed: boolean
  errors: ResidentImportProblem[]
  duplicates: ResidentImportDuplicate[]
}

/** Rows per request: the server takes at most 5,000 and the body limit is 1 MiB. */
export const IMPORT_PART_ROWS = 2000

/**
 * Sends the rows in parts (all but the last are staged on the server) and
 * returns the answer to the last part: the dry run or the commit over all rows.
 */
export async function importResidents(
  unitId: number,
  rows: Record<string, unknown>[],
  dryRun: boolean,
  importKey: string,
): Promise<ResidentImportResult> {
  const parts = Math.max(1, Math.ceil(rows.length / IMPORT_PART_ROWS))
  let last: ResidentImportResult | null = null
  for (let part = 1; part <= parts; part++) {
    const chunk = rows.slice((part - 1) * IMPORT_PART_ROWS, part * IMPORT_PART_ROWS)
    last = await http.post<ResidentImportResult>(
      '/api/v1/residents/households:import',
      { dry_run: dryRun, unit_id: unitId, import_key: importKey, part, parts, rows: chunk },
      { silent: true },
    )
  }
  return last as ResidentImportResult
}
