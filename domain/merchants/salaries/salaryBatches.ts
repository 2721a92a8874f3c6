/**
 * Merchant salary batches: a file of lines (name, number, amount, reference) checked into a validation report before
 * anything moves, submitted (a second person approves it above the threshold), run (each line a payout from the
 * merchant account, salaryPayout.ts) and re-run for its failed lines only. No update decides anything:
 * - the batch's id derives from the caller's idempotency key; its lines are written before it, so a batch that
 *   exists has all its lines (a retry after a crash writes the rest, then the batch);
 * - each step (submitted, approved, rejected, run) is an insert of `<batch>:<step>`;
 * - a line is paid by attempts; attempt n is the insert of its transfer id (salaryBatch.ts), made for attempt 1 by
 *   the run and for attempt n + 1 only when attempt n failed: two re-runs at once make one attempt;
 * - the runner (salaryRunner.ts) drives the attempts not ended, each claimed by an insert.
 * Funds: each line holds its own amount and fee when its turn comes; a line the balance no longer covers fails with
 * INSUFFICIENT_FUNDS and can be re-run once the account is funded.
 */
import { defaultFeeSchedules, type FeeSchedule } from '../../fees';
import { canOperate } from '../merchant';
import type { MerchantStore } from '../merchantStore';
import type { BatchApprovals } from './batchApprovals';
import {
  salaryAttemptId,
  salaryBatchId,
  salaryLineId,
  type SalaryAttempt,
  type SalaryBatch,
  type SalaryLine,
} from './salaryBatch';
import type { SalaryBatchStore } from './salaryBatchStore';
import { latestAttempts, salaryBatchView, type SalaryBatchView } from './salaryBatchView';
import { DEFAULT_SALARY_LIMITS, salaryReport, type SalaryLimits, type SalaryReport } from './salaryReport';

export interface SalaryBatchesOptions {
  store: SalaryBatchStore;
  merchantStore: MerchantStore;
  approvals: BatchApprovals;
  /** A batch whose total (amounts and fees) is above this needs a second person's approval. Default 500 000 F. */
  approvalThreshold?: number;
  limits?: SalaryLimits;
  /** The payout schedule: what each line costs the merchant on top of its amount. */
  fees?: FeeSchedule;
  clock?: () => Date;
}

/** Why a call is refused. */
export type SalaryBatchRefusal =
  | 'MERCHANT_NOT_FOUND'
  | 'MERCHANT_SUSPENDED'
  | 'BATCH_NOT_FOUND'
  | 'INVALID_REFERENCE'
  | 'CONFLICT'
  | 'NOTHING_TO_PAY'
  | 'BATCH_REJECTED'
  | 'NOT_RUN';

export type SalaryBatchAnswer =
  | { ok: true; batch: SalaryBatchView }
  | { ok: false; reason: SalaryBatchRefusal }
  | { ok: false; reason: 'INVALID_FILE'; report: Extract<SalaryReport, { ok: false }> };

/** What a merchant asks to make a batch; `idempotencyKey` makes the batch's id. */
export interface SalaryBatchInput {
  merchantId: string;
  idempotencyKey: string;
  reference: string;
  csv: string;
  /** Who asks (an API key id, an owner's number): the approval's maker. */
  maker: string;
}

const BATCH_REFERENCE = /^[A-Za-z0-9 _\-./#]{1,60}$/;

/** Makes, submits, runs and re-runs salary batches (see the file comment for the guarantees). */
export class SalaryBatches {
  readonly store: SalaryBatchStore;
  private readonly merchants: MerchantStore;
  private readonly approvals: BatchApprovals;
  private readonly approvalThreshold: number;
  private readonly limits: SalaryLimits;
  private readonly fees: FeeSchedule;
  private readonly clock: () => Date;

  constructor(options: SalaryBatchesOptions) {
    this.store = options.store;
    this.merchants = options.merchantStore;
    this.approvals = options.approvals;
    this.approvalThreshold = options.approvalThreshold ?? 500_000;
    this.limits = options.limits ?? DEFAULT_SALARY_LIMITS;
    this.fees = options.fees ?? defaultFeeSchedules.payout;
    this.clock = options.clock ?? (() => new Date());
  }

  /** The report of a file, without recording anything. */
  check(csv: string): SalaryReport {
    return salaryReport(csv, this.fees, this.limits);
  }

  /** Records a draft batch with its report; the same key again answers the batch already made. */
  async create(input: SalaryBatchInput): Promise<SalaryBatchAnswer> {
    const refused = await this.merchantRefusal(input.merchantId);
    if (refused) return { ok: false, reason: refused };
    if (!BATCH_REFERENCE.test(input.reference)) return { ok: false, reason: 'INVALID_REFERENCE' };
    const id = salaryBatchId(input.merchantId, input.idempotencyKey);
    const existing = await this.store.getBatch(id);
    if (existing) return this.sameOrConflict(existing, input);
    const report = this.check(input.csv);
    if (!report.ok) return { ok: false, reason: 'INVALID_FILE', report };
    const lines = report.accepted.map((line): SalaryLine => ({
      _id: salaryLineId(id, line.reference),
      batchId: id,
      merchantId: input.merchantId,
      ...line,
    }));
    await this.store.insertLines(lines);
    const batch: SalaryBatch = {
      _id: id,
      merchantId: input.merchantId,
      reference: input.reference,
      maker: input.maker,
      rejected: report.rejected,
      totals: report.totals,
      createdAt: this.clock(),
      state: 'draft',
    };
    if ((await this.store.insertBatch(batch)) === 'duplicate') {
      const winner = await this.store.getBatch(id);
      if (!winner) throw new Error(`salary batch ${id} reported as duplicate but not found`);
      return this.sameOrConflict(winner, input);
    }
    return this.get(input.merchantId, id);
  }

  /** A merchant's batch with each line's status. */
  async get(merchantId: string, batchId: string): Promise<SalaryBatchAnswer> {
    const batch = await this.store.getBatch(batchId);
    if (!batch || batch.merchantId !== merchantId) return { ok: false, reason: 'BATCH_NOT_FOUND' };
    const [lines, attempts] = await Promise.all([this.store.linesOf(batchId), this.store.attemptsOf(batchId)]);
    return { ok: true, batch: salaryBatchView(batch, lines, attempts) };
  }

  /**
   * A merchant's batches (without their lines), newest first, a page at a time: `limit` 1 to 100, `startingAfter`
   * the last batch id of the previous page (one not the merchant's ends the list).
   */
  async list(
    merchantId: string,
    options: { limit: number; startingAfter?: string },
  ): Promise<{ data: SalaryBatch[]; hasMore: boolean }> {
    const limit = Math.min(Math.max(Math.trunc(options.limit) || 10, 1), 100);
    let before: { createdAt: Date; _id: string } | undefined;
    if (options.startingAfter !== undefined) {
      const after = await this.store.getBatch(options.startingAfter);
      if (!after || after.merchantId !== merchantId) return { data: [], hasMore: false };
      before = { createdAt: after.createdAt, _id: after._id };
    }
    const found = await this.store.batchesOf(merchantId, { limit: limit + 1, ...(before ? { before } : {}) });
    return { data: found.slice(0, limit), hasMore: found.length > limit };
  }

  /**
   * Submits the batch and, once approved (at once below the threshold), starts it: every line gets its first
   * attempt and the runner pays them. Called again while the approval is pending, it asks the approval again
   * (idempotent) and answers `awaiting_approval`; after the run, it changes nothing.
   */
  async run(merchantId: string, batchId: string): Promise<SalaryBatchAnswer> {
    const refused = await this.merchantRefusal(merchantId);
    if (refused) return { ok: false, reason: refused };
    const batch = await this.store.getBatch(batchId);
    if (!batch || batch.merchantId !== merchantId) return { ok: false, reason: 'BATCH_NOT_FOUND' };
    if (batch.totals.lines === 0) return { ok: false, reason: 'NOTHING_TO_PAY' };
    const steps = new Set((await this.store.stepsOf(batchId)).map((step) => step.step));
    if (!steps.has('run')) {
      const approval = await this.approval(batch, steps);
      if (approval === 'rejected') return { ok: false, reason: 'BATCH_REJECTED' };
      if (approval === 'pending') {
        await this.store.setBatchState(batchId, 'awaiting_approval');
        return this.get(merchantId, batchId);
      }
      await this.step(batchId, 'run');
    }
    await this.startAttempts(batchId);
    return this.get(merchantId, batchId);
  }

  /**
   * Gives every line whose latest attempt failed a new attempt (a new transfer: a failed payout is final); paid,
   * pending and in-review lines are left alone. Two calls at once make each new attempt once.
   */
  async rerunFailed(merchantId: string, batchId: string): Promise<SalaryBatchAnswer> {
    const refused = await this.merchantRefusal(merchantId);
    if (refused) return { ok: false, reason: refused };
    const batch = await this.store.getBatch(batchId);
    if (!batch || batch.merchantId !== merchantId) return { ok: false, reason: 'BATCH_NOT_FOUND' };
    const steps = new Set((await this.store.stepsOf(batchId)).map((step) => step.step));
    if (!steps.has('run')) return { ok: false, reason: 'NOT_RUN' };
    const [lines, attempts] = await Promise.all([this.store.linesOf(batchId), this.store.attemptsOf(batchId)]);
    const latest = latestAttempts(attempts);
    let added = 0;
    for (const line of lines) {
      const attempt = latest.get(line._id);
      // The outcome decides, not the cached state: a failed outcome is final.
      if (!attempt || (await this.store.getOutcome(attempt._id))?.state !== 'failed') continue;
      if ((await this.store.insertAttempt(this.attempt(line, attempt.n + 1))) === 'inserted') added++;
    }
    if (added > 0) await this.store.setBatchState(batchId, 'running');
    return this.get(merchantId, batchId);
  }

  /** Makes the first attempt of every line that has none (again after a crash), and marks the batch running. */
  async startAttempts(batchId: string): Promise<void> {
    const [lines, attempts] = await Promise.all([this.store.linesOf(batchId), this.store.attemptsOf(batchId)]);
    const latest = latestAttempts(attempts);
    for (const line of lines) if (!latest.has(line._id)) await this.store.insertAttempt(this.attempt(line, 1));
    const batch = await this.store.getBatch(batchId);
    if (batch?.state !== 'completed' || lines.some((line) => !latest.has(line._id)))
      await this.store.setBatchState(batchId, 'running');
  }

  private attempt(line: SalaryLine, n: number): SalaryAttempt {
    return {
      _id: salaryAttemptId(line.batchId, line.reference, n),
      lineId: line._id,
      batchId: line.batchId,
      n,
      createdAt: this.clock(),
      state: 'pending',
      reason: null,
    };
  }

  /** Whether the batch may run: approved (at once below the threshold), pending a checker, or rejected. */
  private async approval(batch: SalaryBatch, steps: Set<string>): Promise<'approved' | 'pending' | 'rejected'> {
    if (steps.has('approved')) return 'approved';
    if (steps.has('rejected')) return 'rejected';
    await this.step(batch._id, 'submitted');
    if (batch.totals.total <= this.approvalThreshold) {
      await this.step(batch._id, 'approved');
      return 'approved';
    }
    const decision = await this.approvals.decision('salary_batch', batch._id);
    if (decision === 'approved' || decision === 'rejected') {
      // The first decision recorded stands (insert-once): a checker changing their mind later changes nothing here.
      const other = decision === 'approved' ? 'rejected' : 'approved';
      if ((await this.store.stepsOf(batch._id)).some((step) => step.step === other)) return other;
      await this.step(batch._id, decision);
      if (decision === 'rejected') await this.store.setBatchState(batch._id, 'rejected');
      return decision;
    }
    if (decision === null) {
      const asked = await this.approvals.requestApproval({
        merchantId: batch.merchantId,
        kind: 'salary_batch',
        subjectId: batch._id,
        amount: batch.totals.total,
        maker: batch.maker,
      });
      if (asked && !asked.required) {
        await this.step(batch._id, 'approved');
        return 'approved';
      }
    }
    return 'pending';
  }

  private async step(batchId: string, step: 'submitted' | 'approved' | 'rejected' | 'run'): Promise<void> {
    await this.store.insertStep({ _id: `${batchId}:${step}`, batchId, step, at: this.clock() });
  }

  private async sameOrConflict(existing: SalaryBatch, input: SalaryBatchInput): Promise<SalaryBatchAnswer> {
    if (existing.merchantId !== input.merchantId || existing.reference !== input.reference)
      return { ok: false, reason: 'CONFLICT' };
    return this.get(input.merchantId, existing._id);
  }

  private async merchantRefusal(merchantId: string): Promise<SalaryBatchRefusal | null> {
    const merchant = await this.merchants.getMerchant(merchantId);
    if (!merchant) return 'MERCHANT_NOT_FOUND';
    return canOperate(merchant) ? null : 'MERCHANT_SUSPENDED';
  }
}
