/**
 * Reads a salary file: a CSV with a header naming the columns `name`, `number`, `amount` and `reference` (in any
 * order, any case), separated by `,` or `;` (French Excel writes `;`), UTF-8 with or without a BOM, quoted fields,
 * CRLF or LF. The separator is the one the header line uses. Rows keep their line number in the file, so the
 * validation report names the line a person sees in their spreadsheet.
 */
import { parse } from 'csv-parse/sync';

/** The columns a salary file must have. */
export const SALARY_COLUMNS = ['name', 'number', 'amount', 'reference'] as const;
export type SalaryColumn = (typeof SALARY_COLUMNS)[number];

/** One row as written, fields trimmed; `line` is its line number in the file (the header is line 1). */
export interface SalaryCsvRow {
  line: number;
  name: string;
  number: string;
  amount: string;
  reference: string;
}

/** Why a whole file is refused (no row is looked at). */
export type SalaryCsvRefusal =
  | { reason: 'EMPTY_FILE' }
  | { reason: 'MISSING_COLUMNS'; columns: SalaryColumn[] }
  | { reason: 'MALFORMED_CSV'; line: number | null; detail: string };

export type SalaryCsvResult = { ok: true; rows: SalaryCsvRow[] } | ({ ok: false } & SalaryCsvRefusal);

/** `;` when the header line has more of them than commas (outside quotes), else `,`. */
export function detectDelimiter(text: string): ',' | ';' {
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const character of header) {
    if (character === '"') quoted = !quoted;
    else if (!quoted && character === ',') commas++;
    else if (!quoted && character === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

/** Parses a salary file into rows, or says why the file as a whole cannot be read. */
export function parseSalaryCsv(text: string): SalaryCsvResult {
  if (text.replace(/^\uFEFF/, '').trim() === '') return { ok: false, reason: 'EMPTY_FILE' };
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      delimiter: detectDelimiter(text),
      relax_column_count: false,
      skip_empty_lines: true,
      trim: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return {
      ok: false,
      reason: 'MALFORMED_CSV',
      line: typeof line === 'number' ? line : null,
      detail: (error as { code?: string }).code ?? 'CSV_ERROR',
    };
  }
  const [header, ...body] = records;
  if (!header) return { ok: false, reason: 'EMPTY_FILE' };
  const names = header.record.map((name) => name.trim().toLowerCase());
  const missing = SALARY_COLUMNS.filter((column) => !names.includes(column));
  if (missing.length > 0) return { ok: false, reason: 'MISSING_COLUMNS', columns: missing };
  const at = (column: SalaryColumn) => names.indexOf(column);
  const rows = body.map(({ record, info }) => ({
    // csv-parse counts the lines read so far: a quoted field over several lines ends on the last of them.
    line: info.lines,
    name: record[at('name')] ?? '',
    number: record[at('number')] ?? '',
    amount: record[at('amount')] ?? '',
    reference: record[at('reference')] ?? '',
  }));
  return { ok: true, rows };
}
