/**
 * The validation report of a salary file, made before anything moves: every rejected row with its line number and
 * reason, the lines accepted (with the rail their number's operator decides), and the totals the merchant pays.
 *
 * Duplicates: a reference is the line's idempotency key, so a reference seen twice rejects the second row. The same
 * number twice is allowed (two jobs, a bonus), but the same number with the same amount is rejected as the likely
 * mistake of a row pasted twice: split the amounts or pay the second one in another batch.
 */
import type { Rail } from '../../ledger/accounts';
import { computeFee, type FeeSchedule } from '../../fees';
import { francs, MAX_AMOUNT } from '../../money';
import { parseCameroonMobile, type Msisdn } from '../../phone';
import { parseSalaryCsv, type SalaryCsvRefusal } from './salaryCsv';

/** What a batch accepts at most. */
export interface SalaryLimits {
  /** Most lines in one batch. */
  maxLines: number;
  /** Most francs on one line. */
  maxLineAmount: number;
}

export const DEFAULT_SALARY_LIMITS: SalaryLimits = { maxLines: 5_000, maxLineAmount: 2_000_000 };

/** Why a row is rejected. */
export type SalaryRowRejection =
  | 'MISSING_NAME'
  | 'MISSING_NUMBER'
  | 'MISSING_AMOUNT'
  | 'MISSING_REFERENCE'
  | 'BAD_NUMBER'
  | 'UNSUPPORTED_OPERATOR'
  | 'BAD_AMOUNT'
  | 'ABOVE_LINE_MAXIMUM'
  | 'BAD_REFERENCE'
  | 'DUPLICATE_REFERENCE'
  | 'DUPLICATE_NUMBER_AND_AMOUNT';

/** A rejected row: its line in the file and why. */
export interface RejectedSalaryRow {
  line: number;
  reason: SalaryRowRejection;
}

/** A row accepted for payment. */
export interface AcceptedSalaryLine {
  line: number;
  name: string;
  msisdn: Msisdn;
  rail: Rail;
  amount: number;
  /** What the merchant pays on top (the payout schedule). */
  fee: number;
  reference: string;
}

/** Counts and sums of the accepted lines. */
export interface SalaryTotals {
  lines: number;
  amount: number;
  fees: number;
  /** amount + fees: what leaves the merchant account if every line is paid. */
  total: number;
}

export type SalaryReport =
  | { ok: true; accepted: AcceptedSalaryLine[]; rejected: RejectedSalaryRow[]; totals: SalaryTotals }
  | ({ ok: false } & (SalaryCsvRefusal | { reason: 'TOO_MANY_LINES'; lines: number; maxLines: number }));

/** A line reference: it becomes part of a transfer id, so letters, digits and `_-.` only, 1 to 40 of them. */
const REFERENCE = /^[A-Za-z0-9_.-]{1,40}$/;
const MAX_NAME_LENGTH = 80;

/** Reads and validates a salary file. */
export function salaryReport(
  csv: string,
  fees: FeeSchedule,
  limits: SalaryLimits = DEFAULT_SALARY_LIMITS,
): SalaryReport {
  const parsed = parseSalaryCsv(csv);
  if (!parsed.ok) return parsed;
  if (parsed.rows.length > limits.maxLines)
    return { ok: false, reason: 'TOO_MANY_LINES', lines: parsed.rows.length, maxLines: limits.maxLines };
  const accepted: AcceptedSalaryLine[] = [];
  const rejected: RejectedSalaryRow[] = [];
  const references = new Set<string>();
  const numberAndAmounts = new Set<string>();
  for (const row of parsed.rows) {
    const reject = (reason: SalaryRowRejection) => rejected.push({ line: row.line, reason });
    if (row.name === '') reject('MISSING_NAME');
    else if (row.number === '') reject('MISSING_NUMBER');
    else if (row.amount === '') reject('MISSING_AMOUNT');
    else if (row.reference === '') reject('MISSING_REFERENCE');
    else if (!REFERENCE.test(row.reference)) reject('BAD_REFERENCE');
    else if (references.has(row.reference)) reject('DUPLICATE_REFERENCE');
    else {
      references.add(row.reference);
      const number = parseCameroonMobile(row.number);
      const amount = wholeFrancs(row.amount);
      if (!number.ok) reject('BAD_NUMBER');
      else if (number.operator === 'OTHER') reject('UNSUPPORTED_OPERATOR');
      else if (amount === null) reject('BAD_AMOUNT');
      else if (amount > limits.maxLineAmount) reject('ABOVE_LINE_MAXIMUM');
      else if (numberAndAmounts.has(`${number.msisdn}:${amount}`)) reject('DUPLICATE_NUMBER_AND_AMOUNT');
      else {
        numberAndAmounts.add(`${number.msisdn}:${amount}`);
        accepted.push({
          line: row.line,
          name: row.name.replace(/\s+/g, ' ').slice(0, MAX_NAME_LENGTH),
          msisdn: number.msisdn,
          rail: number.operator === 'MTN' ? 'mtn_momo' : 'orange_money',
          amount,
          fee: computeFee(fees, francs(amount)),
          reference: row.reference,
        });
      }
    }
  }
  const amount = accepted.reduce((sum, line) => sum + line.amount, 0);
  const feesTotal = accepted.reduce((sum, line) => sum + line.fee, 0);
  return {
    ok: true,
    accepted,
    rejected,
    totals: { lines: accepted.length, amount, fees: feesTotal, total: amount + feesTotal },
  };
}

/**
 * An amount in whole francs written with digits, spaces allowed between thousands (`50 000`, as Excel in French
 * shows them); null for anything else (decimals, signs, `5k`: a payroll file is not the place to guess).
 */
function wholeFrancs(text: string): number | null {
  const digits = text.replace(/[\s\u00a0\u202f]/g, '');
  if (!/^\d{1,10}$/.test(digits)) return null;
  const amount = Number(digits);
  return amount > 0 && amount <= MAX_AMOUNT ? amount : null;
}
