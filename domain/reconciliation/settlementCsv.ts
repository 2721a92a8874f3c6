/**
 * A settlement report as a CSV file, for a report a person downloads from a provider's portal. The providers'
 * own export formats are not confirmed (none is documented publicly), so this is OUR documented format
 * (docs/operations.md), into which a person maps a provider's export:
 *
 *   provider_reference,our_reference,direction,amount,status,at
 *   8471236,topup:4f1c…,collect,5100,succeeded,2026-03-01T10:02:11Z
 *
 * The header line names the columns (any order; more columns are ignored); `direction` is collect or payout,
 * `amount` whole francs, `status` succeeded, failed or pending, `at` an ISO 8601 time. Fields may be quoted
 * ("a, b" and "" for a quote), as spreadsheets write them. A bad line is reported with its line number and the
 * rest still read, so one typo does not hide the report; the command refuses to compare while any line is bad.
 */
import {
  SETTLEMENT_DIRECTIONS,
  SETTLEMENT_STATUSES,
  type SettlementDirection,
  type SettlementLine,
  type SettlementStatus,
} from './settlementReport';

export const CSV_COLUMNS = ['provider_reference', 'our_reference', 'direction', 'amount', 'status', 'at'] as const;

export interface CsvProblem {
  /** 1-based line number in the file. */
  line: number;
  message: string;
}

export interface ParsedSettlementCsv {
  lines: SettlementLine[];
  problems: CsvProblem[];
}

/** Splits one CSV record into fields; null when a quote is left open. */
export function csvFields(text: string): string[] | null {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field.trim() === '') {
      // Spaces before an opening quote (`a, "b"`) are not part of the field.
      quoted = true;
      field = '';
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else field += c;
  }
  if (quoted) return null;
  fields.push(field);
  return fields.map((f) => f.trim());
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Reads a report file's text. Blank lines are skipped; a line with a quote left open is one bad line. */
export function parseSettlementCsv(text: string): ParsedSettlementCsv {
  const rows = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const problems: CsvProblem[] = [];
  const lines: SettlementLine[] = [];
  const headerAt = rows.findIndex((row) => row.trim() !== '');
  if (headerAt < 0) return { lines, problems: [{ line: 1, message: 'empty file: a header line is needed' }] };
  const header = (csvFields(rows[headerAt]!) ?? []).map((name) => name.toLowerCase());
  const missing = CSV_COLUMNS.filter((column) => !header.includes(column));
  if (missing.length > 0) {
    return { lines, problems: [{ line: headerAt + 1, message: `header lacks ${missing.join(', ')}` }] };
  }
  const column = Object.fromEntries(CSV_COLUMNS.map((name) => [name, header.indexOf(name)])) as Record<
    (typeof CSV_COLUMNS)[number],
    number
  >;

  for (let i = headerAt + 1; i < rows.length; i++) {
    const row = rows[i]!;
    if (row.trim() === '') continue;
    const lineNumber = i + 1;
    const fields = csvFields(row);
    if (!fields) {
      problems.push({ line: lineNumber, message: 'a quoted field is not closed' });
      continue;
    }
    const value = (name: (typeof CSV_COLUMNS)[number]) => fields[column[name]] ?? '';
    const wrong: string[] = [];
    const providerReference = value('provider_reference');
    const ourReference = value('our_reference');
    if (ourReference === '') wrong.push('our_reference is empty');
    const direction = value('direction').toLowerCase();
    if (!SETTLEMENT_DIRECTIONS.includes(direction as SettlementDirection)) {
      wrong.push(`direction "${value('direction')}" is not collect or payout`);
    }
    const amountText = value('amount');
    const amount = /^\d+$/.test(amountText) ? Number(amountText) : NaN;
    if (!Number.isSafeInteger(amount) || amount <= 0) {
      wrong.push(`amount "${amountText}" is not a whole number of francs`);
    }
    const status = value('status').toLowerCase();
    if (!SETTLEMENT_STATUSES.includes(status as SettlementStatus)) {
      wrong.push(`status "${value('status')}" is not succeeded, failed or pending`);
    }
    const at = new Date(value('at'));
    if (!ISO_TIME.test(value('at')) || Number.isNaN(at.getTime())) {
      wrong.push(`at "${value('at')}" is not an ISO 8601 time with its zone`);
    }
    if (wrong.length > 0) {
      problems.push({ line: lineNumber, message: wrong.join('; ') });
      continue;
    }
    lines.push({
      providerReference,
      ourReference,
      direction: direction as SettlementDirection,
      amount,
      status: status as SettlementStatus,
      at,
    });
  }
  return { lines, problems };
}
