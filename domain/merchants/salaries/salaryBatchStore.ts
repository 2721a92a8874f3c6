/**
 * Port: where salary batches, their lines, steps, attempts, claims and outcomes are kept. Every decision is an
 * insert into a unique `_id` (a step, an attempt, a claim, an outcome); `setBatchState` and `setAttemptState` only
 * refresh caches that decide nothing.
 */
import type { InsertResult } from '../../ledger/ledgerStore';
import type {
  SalaryAttempt,
  SalaryAttemptOutcome,
  SalaryBatch,
  SalaryBatchState,
  SalaryBatchStep,
  SalaryLine,
  SalaryLineStatus,
} from './salaryBatch';

/** A claim on an attempt for one lease window: `_id` = `<attempt>@<window>`. */
export interface SalaryClaim {
  _id: string;
  attemptId: string;
  worker: string;
  at: Date;
}

export interface SalaryBatchStore {
  insertBatch(batch: SalaryBatch): Promise<InsertResult>;
  getBatch(id: string): Promise<SalaryBatch | null>;
  /** Batches whose cached state is one of `states`, in no promised order. */
  batchesIn(states: SalaryBatchState[], limit: number): Promise<SalaryBatch[]>;
  /** One merchant's batches, newest first (`createdAt`, then `_id`, both descending), those strictly after `before`. */
  batchesOf(
    merchantId: string,
    options: { limit: number; before?: { createdAt: Date; _id: string } },
  ): Promise<SalaryBatch[]>;
  setBatchState(id: string, state: SalaryBatchState): Promise<void>;

  /** Inserts the lines not there yet (a retry after a crash inserts the rest). */
  insertLines(lines: SalaryLine[]): Promise<void>;
  /** A batch's lines, by line number. */
  linesOf(batchId: string): Promise<SalaryLine[]>;

  insertStep(step: SalaryBatchStep): Promise<InsertResult>;
  stepsOf(batchId: string): Promise<SalaryBatchStep[]>;

  /** `duplicate`: that attempt exists already (another run made it). */
  insertAttempt(attempt: SalaryAttempt): Promise<InsertResult>;
  attemptsOf(batchId: string): Promise<SalaryAttempt[]>;
  setAttemptState(id: string, state: SalaryLineStatus, reason: string | null): Promise<void>;

  /** Inserts the claim unless one stands for that attempt and window; returns the one that stands. */
  insertClaim(claim: SalaryClaim): Promise<SalaryClaim>;

  /** Inserts the outcome unless one stands; returns the one that stands. */
  insertOutcome(outcome: SalaryAttemptOutcome): Promise<SalaryAttemptOutcome>;
  getOutcome(attemptId: string): Promise<SalaryAttemptOutcome | null>;
}
