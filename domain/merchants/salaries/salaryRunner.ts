/**
 * The worker that pays salary batches: each pass looks at the batches running, drives every attempt not ended
 * (salaryPayout.ts), records how each ended (insert-once), tells each payee paid once, and completes a batch when
 * every line has ended (one `salary_batch.completed` event per run). Several workers (processes) may run it:
 * an attempt is claimed for a lease window by an insert of `<attempt>@<window>`, so two workers never drive the
 * same attempt at once; a worker that dies loses its claims when the window ends and another resumes its lines.
 * Driving twice would still pay once (RailPayments.begin is idempotent under the attempt's id); claims save work.
 */
import { startPeriodicWorker, type PeriodicWorker } from '../../periodicWorker';
import type { RailPayments } from '../../railPayments/railPayments';
import type { RailPaymentRecord } from '../../railPayments/railPaymentsStore';
import { francsParam } from '../../notifications';
import type { Notifier } from '../../notifier';
import type { MerchantEventRecorder } from '../merchantEvent';
import type { MerchantStore } from '../merchantStore';
import type { SalaryAttempt, SalaryLine } from './salaryBatch';
import type { SalaryBatches } from './salaryBatches';
import type { SalaryBatchStore } from './salaryBatchStore';
import { latestAttempts, salaryBatchView } from './salaryBatchView';
import { driveSalaryPayout, salaryPayoutState, type SalaryPayoutState } from './salaryPayout';

export interface SalaryRunnerOptions {
  batches: SalaryBatches;
  railPayments: RailPayments;
  merchantStore: MerchantStore;
  events: MerchantEventRecorder;
  notifier: Notifier;
  /** This worker's name in its claims (a process id). */
  worker: string;
  /** How long a claim keeps other workers off an attempt. Default 5 minutes. */
  claimWindowMs?: number;
  clock?: () => Date;
}

/** What one pass did. */
export interface SalaryRunReport {
  batches: number;
  driven: number;
  ended: number;
  completed: number;
}

/** Pays the running batches' lines; `pass` is one periodic worker pass. */
export class SalaryRunner {
  private readonly store: SalaryBatchStore;
  private readonly batches: SalaryBatches;
  private readonly payments: RailPayments;
  private readonly merchants: MerchantStore;
  private readonly events: MerchantEventRecorder;
  private readonly notifier: Notifier;
  private readonly worker: string;
  private readonly claimWindowMs: number;
  private readonly clock: () => Date;

  constructor(options: SalaryRunnerOptions) {
    this.batches = options.batches;
    this.store = options.batches.store;
    this.payments = options.railPayments;
    this.merchants = options.merchantStore;
    this.events = options.events;
    this.notifier = options.notifier;
    this.worker = options.worker;
    this.claimWindowMs = options.claimWindowMs ?? 5 * 60_000;
    this.clock = options.clock ?? (() => new Date());
  }

  /** Records a salary payout's end as soon as RailPayments knows it (register with `railPayments.whenFinished`). */
  async onPayoutFinished(record: RailPaymentRecord): Promise<void> {
    if (record.salaryLineId === undefined) return;
    const batchId = record.salaryLineId.slice(0, record.salaryLineId.indexOf(':'));
    const attempt = (await this.store.attemptsOf(batchId)).find((one) => one._id === record._id);
    const line = (await this.store.linesOf(batchId)).find((one) => one._id === record.salaryLineId);
    if (!attempt || !line) return;
    await this.settle(line, attempt, await salaryPayoutState(this.payments, attempt._id, line));
  }

  /** One pass over the running batches, `limit` batches at most. */
  async pass(limit = 20): Promise<SalaryRunReport> {
    const report: SalaryRunReport = { batches: 0, driven: 0, ended: 0, completed: 0 };
    for (const batch of await this.store.batchesIn(['running'], limit)) {
      report.batches++;
      // A run that stopped between its step and its attempts is finished here.
      await this.batches.startAttempts(batch._id);
      const [lines, attempts] = await Promise.all([this.store.linesOf(batch._id), this.store.attemptsOf(batch._id)]);
      const latest = latestAttempts(attempts);
      let open = 0;
      for (const line of lines) {
        const attempt = latest.get(line._id);
        if (!attempt) {
          open++;
          continue;
        }
        if (await this.store.getOutcome(attempt._id)) continue;
        if (!(await this.claim(attempt))) {
          open++;
          continue;
        }
        report.driven++;
        const state = await driveSalaryPayout(line, attempt, this.payments);
        if (await this.settle(line, attempt, state)) report.ended++;
        else open++;
      }
      if (open === 0 && (await this.complete(batch._id))) report.completed++;
    }
    return report;
  }

  /** Records an attempt's end (or its review); true when it has ended. */
  private async settle(line: SalaryLine, attempt: SalaryAttempt, state: SalaryPayoutState): Promise<boolean> {
    if (state.state === 'pending') return false;
    if (state.state === 'needs_review') {
      await this.store.setAttemptState(attempt._id, 'needs_review', null);
      return false;
    }
    const outcome = await this.store.insertOutcome({
      _id: attempt._id,
      state: state.state,
      reason: state.reason,
      at: this.clock(),
    });
    if (outcome.state === 'paid') await this.tellPayee(line, attempt);
    await this.store.setAttemptState(attempt._id, outcome.state, outcome.reason);
    return true;
  }

  private async tellPayee(line: SalaryLine, attempt: SalaryAttempt): Promise<void> {
    const merchant = await this.merchants.getMerchant(line.merchantId);
    const params = { amount: francsParam(line.amount), merchant: merchant?.name ?? '', reference: line.reference };
    await this.notifier.notify(line.msisdn, { key: 'payments.salaryReceived', params }, `salary-paid:${attempt._id}`);
  }

  /**
   * Every line has ended: one event per run (its key counts the attempts, so a re-run that ends makes another),
   * then the cached state. A line in review keeps the batch running.
   */
  private async complete(batchId: string): Promise<boolean> {
    const batch = await this.store.getBatch(batchId);
    if (!batch) return false;
    const [lines, attempts] = await Promise.all([this.store.linesOf(batchId), this.store.attemptsOf(batchId)]);
    const view = salaryBatchView({ ...batch, state: 'completed' }, lines, attempts);
    if (view.progress.pending > 0 || view.progress.needs_review > 0) return false;
    await this.events.record({
      merchantId: batch.merchantId,
      type: 'salary_batch.completed',
      subjectKey: `${batchId}:completed:${attempts.length}`,
      // Plain JSON, as the API shows a batch, without its lines (a webhook body stays small).
      data: {
        object: 'salary_batch',
        id: view.id,
        reference: view.reference,
        status: 'completed',
        currency: 'XAF',
        totals: view.totals,
        progress: view.progress,
        created_at: view.createdAt.toISOString(),
      },
    });
    await this.store.setBatchState(batchId, 'completed');
    return true;
  }

  /** Whether this worker holds the attempt for the current window (its own earlier claim counts). */
  private async claim(attempt: SalaryAttempt): Promise<boolean> {
    const at = this.clock();
    const window = Math.floor(at.getTime() / this.claimWindowMs);
    const claim = { _id: `${attempt._id}@${window}`, attemptId: attempt._id, worker: this.worker, at };
    const standing = await this.store.insertClaim(claim);
    return standing.worker === this.worker;
  }
}

/** Runs the runner's passes every `intervalMs` (several processes may each run one). */
export function startSalaryRunner(
  runner: SalaryRunner,
  options: { intervalMs: number; onReport?: (report: SalaryRunReport) => void },
): PeriodicWorker<SalaryRunReport> {
  return startPeriodicWorker(() => runner.pass(), options);
}
