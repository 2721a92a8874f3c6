/**
 * A salary batch and its lines as recorded. The batch and each line are written once; a line is paid by attempts,
 * each its own payout (transfer id = rail reference), claimed and ended by inserts. Line `reference` is the
 * line's idempotency key: attempt 1 of a line is always `salary:<batch>:<reference>`, attempt n > 1
 * `salary:<batch>:<reference>:attempt<n>`, so a re-run or a resumed run drives the same transfers, never new ones.
 */
import { createHash } from 'node:crypto';
import type { Rail } from '../../ledger/accounts';
import type { Msisdn } from '../../phone';
import type { RejectedSalaryRow, SalaryTotals } from './salaryReport';

/**
 * Where a batch stands. A cache of what its steps and lines decided (the steps are inserts); `completed` once every
 * line is paid, failed or in review after a run.
 */
export type SalaryBatchState = 'draft' | 'awaiting_approval' | 'approved' | 'rejected' | 'running' | 'completed';

/** A batch as made from its file. */
export interface SalaryBatch {
  /** `sb_` and 24 hex characters, derived from the merchant and the caller's idempotency key. */
  _id: string;
  merchantId: string;
  /** The merchant's own reference for the whole batch (a month, a site). */
  reference: string;
  /** Who made it (an owner's number or an API key id), for the approval's maker. */
  maker: string;
  rejected: RejectedSalaryRow[];
  totals: SalaryTotals;
  createdAt: Date;
  state: SalaryBatchState;
}

/** One accepted line of a batch. */
export interface SalaryLine {
  /** `<batch>:<reference>`. */
  _id: string;
  batchId: string;
  merchantId: string;
  /** Its line number in the file. */
  line: number;
  name: string;
  msisdn: Msisdn;
  rail: Rail;
  amount: number;
  fee: number;
  reference: string;
}

/** Where one line stands: its latest attempt's state, `pending` while it moves (or before the run). */
export type SalaryLineStatus = 'pending' | 'paid' | 'failed' | 'needs_review';

/** One attempt at paying a line; `_id` is its transfer id. `state` is a cache of its outcome. */
export interface SalaryAttempt {
  _id: string;
  lineId: string;
  batchId: string;
  n: number;
  createdAt: Date;
  state: SalaryLineStatus;
  reason: string | null;
}

/** An attempt's end, insert-once under the attempt's id. */
export interface SalaryAttemptOutcome {
  _id: string;
  state: 'paid' | 'failed';
  reason: string | null;
  at: Date;
}

/** A step of a batch's life, insert-once under `<batch>:<step>`: the insert decides who took it. */
export interface SalaryBatchStep {
  _id: string;
  batchId: string;
  step: 'submitted' | 'approved' | 'rejected' | 'run';
  at: Date;
}

/** A batch's id from the merchant and the caller's idempotency key: the same call again is the same batch. */
export function salaryBatchId(merchantId: string, idempotencyKey: string): string {
  const hash = createHash('sha256').update(`${merchantId}\n${idempotencyKey}`, 'utf8').digest('hex');
  return `sb_${hash.slice(0, 24)}`;
}

/** A line's id in its batch. */
export function salaryLineId(batchId: string, reference: string): string {
  return `${batchId}:${reference}`;
}

/** The transfer id (and rail reference) of attempt `n` of a line. */
export function salaryAttemptId(batchId: string, reference: string, n: number): string {
  const first = `salary:${batchId}:${reference}`;
  return n === 1 ? first : `${first}:attempt${n}`;
}
