/** A salary batch as the merchant sees it: its report, its progress and each line's status (plain JSON). */
import type { SalaryAttempt, SalaryBatch, SalaryBatchState, SalaryLine, SalaryLineStatus } from './salaryBatch';
import type { RejectedSalaryRow, SalaryTotals } from './salaryReport';

/** One line and where it stands: its latest attempt (none before the run: pending). */
export interface SalaryLineView {
  line: number;
  name: string;
  number: string;
  amount: number;
  fee: number;
  reference: string;
  status: SalaryLineStatus;
  reason: string | null;
  attempts: number;
  /** The latest attempt's transfer id (its rail reference), null before the run. */
  transferId: string | null;
}

export interface SalaryBatchView {
  id: string;
  merchantId: string;
  reference: string;
  state: SalaryBatchState;
  totals: SalaryTotals;
  rejected: RejectedSalaryRow[];
  /** How many lines stand at each status. */
  progress: Record<SalaryLineStatus, number>;
  lines: SalaryLineView[];
  createdAt: Date;
}

/** The latest attempt of each line, by line id. */
export function latestAttempts(attempts: SalaryAttempt[]): Map<string, SalaryAttempt> {
  const latest = new Map<string, SalaryAttempt>();
  for (const attempt of attempts) {
    const seen = latest.get(attempt.lineId);
    if (!seen || seen.n < attempt.n) latest.set(attempt.lineId, attempt);
  }
  return latest;
}

/** The view of a batch from its record, lines and attempts. */
export function salaryBatchView(batch: SalaryBatch, lines: SalaryLine[], attempts: SalaryAttempt[]): SalaryBatchView {
  const latest = latestAttempts(attempts);
  const progress: Record<SalaryLineStatus, number> = { pending: 0, paid: 0, failed: 0, needs_review: 0 };
  const views = lines.map((line): SalaryLineView => {
    const attempt = latest.get(line._id);
    const status = attempt?.state ?? 'pending';
    progress[status]++;
    return {
      line: line.line,
      name: line.name,
      number: line.msisdn,
      amount: line.amount,
      fee: line.fee,
      reference: line.reference,
      status,
      reason: attempt?.reason ?? null,
      attempts: attempt?.n ?? 0,
      transferId: attempt?._id ?? null,
    };
  });
  return {
    id: batch._id,
    merchantId: batch.merchantId,
    reference: batch.reference,
    state: batch.state,
    totals: batch.totals,
    rejected: batch.rejected,
    progress,
    lines: views,
    createdAt: batch.createdAt,
  };
}
