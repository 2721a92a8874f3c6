/**
 * The reconciler: finishes top-ups and withdrawals whose callback never came (callbacks get lost) or whose
 * process died half-way, by asking the rail. Every step is an idempotent ledger step or an insert-once record,
 * so several reconcilers in several processes may run at once, alongside callbacks and the ledger's recovery.
 */
import { startPeriodicWorker, type PeriodicWorker } from '../periodicWorker';
import type { RailPayments } from './railPayments';

/** How the reconciler paces itself. */
export interface ReconcilerOptions {
  /** Leave payments younger than this alone: their callback normally finishes them. */
  graceMs?: number;
  /** How many open payments one pass looks at. */
  batch?: number;
  /**
   * A payment the rail still calls pending is asked again after a wait that grows with its age (a quarter of it),
   * at most this long: a rail is not polled every pass for a payment stuck for hours.
   */
  maxPollIntervalMs?: number;
}

/** What one pass did. */
export interface ReconcilerReport {
  examined: number;
  /** Settled and told (or found already so). */
  finished: number;
  stillPending: number;
  errors: number;
}

/** When each payment still pending may be asked again; per process, so a restart just asks sooner. */
export type PollSchedule = Map<string, number>;

/** One pass over the open payments. */
export async function reconcileOnce(
  payments: RailPayments,
  options: ReconcilerOptions,
  now: Date,
  schedule: PollSchedule = new Map(),
): Promise<ReconcilerReport> {
  const report: ReconcilerReport = { examined: 0, finished: 0, stillPending: 0, errors: 0 };
  const graceMs = options.graceMs ?? 30_000;
  const open = await payments.store.findOpen(options.batch ?? 500);
  for (const payment of open) {
    const age = now.getTime() - payment.openedAt.getTime();
    if (age < graceMs) continue;
    if ((schedule.get(payment._id) ?? 0) > now.getTime()) continue;
    report.examined += 1;
    try {
      const view = await payments.reconcile(payment._id);
      if (view?.status === 'pending') {
        report.stillPending += 1;
        const wait = Math.min(Math.max(age / 4, graceMs), options.maxPollIntervalMs ?? 5 * 60_000);
        schedule.set(payment._id, now.getTime() + wait);
      } else {
        report.finished += 1;
        schedule.delete(payment._id);
      }
    } catch {
      // One payment whose rail cannot be asked must not stop the others; it is tried again next pass.
      report.errors += 1;
    }
  }
  return report;
}

/** A running reconciler. */
export type RailPaymentsReconciler = PeriodicWorker<ReconcilerReport>;

/** Runs the reconciler at start and then every `intervalMs`, never two passes at once in this process. */
export function startRailPaymentsReconciler(
  payments: RailPayments,
  options: ReconcilerOptions & { intervalMs: number; onReport?: (report: ReconcilerReport) => void },
): RailPaymentsReconciler {
  const schedule: PollSchedule = new Map();
  return startPeriodicWorker(() => reconcileOnce(payments, options, payments.clock(), schedule), options);
}
