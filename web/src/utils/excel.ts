// Reads an .xlsx file in the browser with exceljs (loaded on demand).
// Row 1 is the header; every later non-empty row is data and keeps its
// spreadsheet row number so the server's problems point at the right row.

export interface SheetRow {
  row: number
  cells: string[]
}
export interface ParsedSheet {
  name: string
  headers: string[]
  rows: SheetRow[]
}

function pad(n: number) {
  return n < 10 ? `0${n}` : String(n)
}

/** One cell's value as text: rich text joined, formulas as their result, dates as YYYY-MM-DD. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v.trim()
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v)
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  if (v instanceof Date) {
    const hasTime = v.getUTCHours() || v.getUTCMinutes() || v.getUTCSeconds()
    const d = `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`
    return hasTime ? `${d} ${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}` : d
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>
    if (Array.isArray(o.richText)) return o.richText.map((p: { text?: string }) => p.text ?? '').join('').trim()
    if ('result' in o) return cellText(o.result)
    if ('text' in o) return cellText(o.text)
    if ('error' in o) return String(o.error)
  }
  return String(v)
}

export async function readXlsx(file: File | ArrayBuffer): Promise<ParsedSheet[]> {
  const mod = await import('exceljs')
  const ExcelJS = ((mod as unknown as { default?: unknown }).default ?? mod) as typeof import('exceljs')
  const buf = file instanceof ArrayBuffer ? file : await file.arrayBuffer()
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(buf)
  const sheets: ParsedSheet[] = []
  wb.eachSheet((ws) => {
    const headerRow = ws.getRow(1)
    const width = Math.max(ws.columnCount, headerRow.cellCount)
    const headers: string[] = []
    for (let c = 1; c <= width; c++) headers.push(cellText(headerRow.getCell(c).value))
    while (headers.length && !headers[headers.length - 1]) headers.pop()
    const rows: SheetRow[] = []
    ws.eachRow({ includeEmpty: false }, (r, rowNumber) => {
      if (rowNumber === 1) return
      const cells: string[] = []
      for (let c = 1; c <= headers.length; c++) cells.push(cellText(r.getCell(c).value))
      if (cells.some((x) => x !== '')) rows.push({ row: rowNumber, cells })
    })
    sheets.push({ name: ws.name, headers, rows })
  })
  return sheets
}
