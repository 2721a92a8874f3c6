/** Merchant salary batches in memory: the twin of the MongoDB store (every `_id` unique, inserts decide). */
import type { InsertResult } from '../../domain/ledger/ledgerStore';
import type {
  SalaryAttempt,
  SalaryAttemptOutcome,
  SalaryBatch,
  SalaryBatchState,
  SalaryBatchStep,
  SalaryLine,
  SalaryLineStatus,
} from '../../domain/merchants/salaries/salaryBatch';
import type { SalaryBatchStore, SalaryClaim } from '../../domain/merchants/salaries/salaryBatchStore';
import { roundTrip, Table } from './table';

export class MemorySalaryBatchStore implements SalaryBatchStore {
  private readonly batches = new Table<SalaryBatch>();
  private readonly lines = new Table<SalaryLine>();
  private readonly steps = new Table<SalaryBatchStep>();
  private readonly attempts = new Table<SalaryAttempt>();
  private readonly claims = new Table<SalaryClaim>();
  private readonly outcomes = new Table<SalaryAttemptOutcome>();

  async insertBatch(batch: SalaryBatch): Promise<InsertResult> {
    await roundTrip();
    return this.batches.insert(batch);
  }

  async getBatch(id: string): Promise<SalaryBatch | null> {
    await roundTrip();
    return this.batches.get(id);
  }

  async batchesIn(states: SalaryBatchState[], limit: number): Promise<SalaryBatch[]> {
    await roundTrip();
    return this.batches.find((batch) => states.includes(batch.state), limit);
  }

  async batchesOf(
    merchantId: string,
    options: { limit: number; before?: { createdAt: Date; _id: string } },
  ): Promise<SalaryBatch[]> {
    await roundTrip();
    const { before } = options;
    return this.batches
      .find((batch) => batch.merchantId === merchantId && (!before || newerFirst(batch, before) > 0))
      .sort(newerFirst)
      .slice(0, options.limit);
  }

  async setBatchState(id: string, state: SalaryBatchState): Promise<void> {
    await roundTrip();
    const batch = this.batches.get(id);
    if (batch) this.batches.put({ ...batch, state });
  }

  async insertLines(lines: SalaryLine[]): Promise<void> {
    await roundTrip();
    for (const line of lines) this.lines.insert(line);
  }

  async linesOf(batchId: string): Promise<SalaryLine[]> {
    await roundTrip();
    return this.lines.find((line) => line.batchId === batchId).sort((a, b) => a.line - b.line);
  }

  async insertStep(step: SalaryBatchStep): Promise<InsertResult> {
    await roundTrip();
    return this.steps.insert(step);
  }

  async stepsOf(batchId: string): Promise<SalaryBatchStep[]> {
    await roundTrip();
    return this.steps.find((step) => step.batchId === batchId);
  }

  async insertAttempt(attempt: SalaryAttempt): Promise<InsertResult> {
    await roundTrip();
    return this.attempts.insert(attempt);
  }

  async attemptsOf(batchId: string): Promise<SalaryAttempt[]> {
    await roundTrip();
    return this.attempts.find((attempt) => attempt.batchId === batchId);
  }

  async setAttemptState(id: string, state: SalaryLineStatus, reason: string | null): Promise<void> {
    await roundTrip();
    const attempt = this.attempts.get(id);
    if (attempt) this.attempts.put({ ...attempt, state, reason });
  }

  async insertClaim(claim: SalaryClaim): Promise<SalaryClaim> {
    await roundTrip();
    this.claims.insert(claim);
    return this.claims.get(claim._id)!;
  }

  async insertOutcome(outcome: SalaryAttemptOutcome): Promise<SalaryAttemptOutcome> {
    await roundTrip();
    this.outcomes.insert(outcome);
    return this.outcomes.get(outcome._id)!;
  }

  async getOutcome(attemptId: string): Promise<SalaryAttemptOutcome | null> {
    await roundTrip();
    return this.outcomes.get(attemptId);
  }
}

/** Newest first: `createdAt` descending, then `_id` descending (the MongoDB store's sort). */
function newerFirst(a: { createdAt: Date; _id: string }, b: { createdAt: Date; _id: string }): number {
  const byTime = b.createdAt.getTime() - a.createdAt.getTime();
  if (byTime !== 0) return byTime;
  return a._id < b._id ? 1 : a._id > b._id ? -1 : 0;
}
