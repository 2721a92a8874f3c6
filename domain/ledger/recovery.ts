/**
 * Recovery: finishes or releases transfers that a crash, a timeout or a lost callback left unfinished
 * (docs/ledger.md, "Recovery"). Every step it takes is an idempotent ledger step keyed by effect ids, so several
 * workers in several processes may run at once, and alongside the callers still driving the same transfers.
 */
import { startPeriodicWorker, type PeriodicWorker } from '../periodicWorker';
import type { Rail } from './accounts';
import { isFinal, type Ledger, type TransferResult } from './ledger';
import { CHECKPOINT_LAG_MS } from './singleTransferState';
import { collectsFromRail, type Transfer } from './transfers';

/** What a rail says about a payment we asked it to make or collect, looked up by our transfer id. */
export type RailOutcome = 'succeeded' | 'failed' | 'pending' | 'unknown';

/** Port to the rails' status calls (MTN MoMo, Orange Money, cards). `failed` includes "never heard of it". */
export interface RailStatusPort {
  status(rail: Rail, transferId: string): Promise<RailOutcome>;
}

export interface RecoveryOptions {
  /** Leave transfers younger than this alone: their caller is probably still driving them. */
  graceMs: number;
  /** A transfer whose debit was never decided is rejected (STALE) once this old, rather than decided late. */
  maxUndecidedAgeMs: number;
  rails?: RailStatusPort;
  /** A hold younger than this waits for the rail's callback; older, the rail is asked (callbacks get lost). */
  askRailAfterMs?: number;
  /** How many unfinished transfers one pass looks at. */
  batch?: number;
}

export interface RecoveryReport {
  examined: number;
  finished: number;
  abandoned: number;
  resolved: number;
  sentToReview: number;
  errors: number;
}

function emptyReport(): RecoveryReport {
  return { examined: 0, finished: 0, abandoned: 0, resolved: 0, sentToReview: 0, errors: 0 };
}

/** One pass over unfinished transfers: the ones marked open, then single transfers since the checkpoint. */
export async function recoverOnce(ledger: Ledger, options: RecoveryOptions, now: Date): Promise<RecoveryReport> {
  const report = emptyReport();
  // needs_review is included so a hold resolved after it was sent to review gets its resolution applied.
  const unfinished = await ledger.store.findTransfersByState(
    ['received', 'held', 'needs_review'],
    options.batch ?? 500,
  );
  for (const transfer of unfinished) {
    if (now.getTime() - transfer.updatedAt.getTime() < options.graceMs) continue;
    // A transfer in review is a person's to decide, unless its hold was resolved meanwhile.
    if (transfer.state === 'needs_review' && !(await ledger.store.getResolution(transfer._id))) continue;
    await recoverCounted(ledger, transfer, options, now, report);
  }
  await recoverSingles(ledger, options, now, report);
  return report;
}

/** Recovers one transfer; returns whether it is over now. */
async function recoverCounted(
  ledger: Ledger,
  transfer: Transfer,
  options: RecoveryOptions,
  now: Date,
  report: RecoveryReport,
): Promise<boolean> {
  report.examined += 1;
  try {
    return await recoverTransfer(ledger, transfer, options, now, report);
  } catch {
    // One bad transfer must not stop the others; it stays unfinished and is tried again next pass.
    report.errors += 1;
    return false;
  }
}

/**
 * Single transfers keep no open marker (singleTransferState.ts), so recovery reads them by creation time, from
 * its checkpoint up to the grace period, a batch at a time in (createdAt, _id) order, and finishes those whose
 * entries are incomplete. The checkpoint then moves up to the first one still unfinished, but stays
 * CHECKPOINT_LAG_MS behind the clock: a record may land a little after its creation time, so the last few seconds
 * are read again next pass.
 */
async function recoverSingles(ledger: Ledger, options: RecoveryOptions, now: Date, report: RecoveryReport) {
  const batch = options.batch ?? 500;
  const from = await ledger.store.getSinglesSettledBefore();
  const to = new Date(now.getTime() - options.graceMs);
  let settledBefore = to;
  let cursor: { at: Date; after?: string } = { at: from };
  for (;;) {
    const recorded = await ledger.store.findSingleTransfersCreated(cursor.at, to, batch, cursor.after);
    for (const transfer of recorded) {
      if (isFinal(transfer.state)) continue;
      const over = await recoverCounted(ledger, transfer, options, now, report);
      if (!over && transfer.createdAt < settledBefore) settledBefore = transfer.createdAt;
    }
    const last = recorded[recorded.length - 1];
    if (recorded.length < batch || !last) break;
    cursor = { at: last.createdAt, after: last._id };
  }
  const checkpoint = new Date(Math.min(settledBefore.getTime(), now.getTime() - CHECKPOINT_LAG_MS));
  if (checkpoint > from) await ledger.store.setSinglesSettledBefore(checkpoint);
}

/** Moves one transfer on as far as it can go now; returns whether it is over. */
async function recoverTransfer(
  ledger: Ledger,
  transfer: Transfer,
  options: RecoveryOptions,
  now: Date,
  report: RecoveryReport,
): Promise<boolean> {
  if (transfer.state === 'received') {
    const debitDecided = await ledger.store.getEntry(`${transfer._id}:debit`);
    let result: TransferResult;
    if (!debitDecided && now.getTime() - transfer.createdAt.getTime() > options.maxUndecidedAgeMs) {
      result = await ledger.abandonUndecided(transfer);
      report.abandoned += 1;
    } else {
      // Roll forward: decide the debit if it was not, insert missing credits; never roll back a recorded debit.
      result = await ledger.drive(transfer);
      report.finished += 1;
    }
    return result.transfer !== undefined && isFinal(result.transfer.state);
  }
  // A hold's progress is tracked by its open marker: only single transfers need the answer.
  await recoverHold(ledger, transfer, options, now, report);
  return false;
}

/**
 * Held: a resolution already recorded is applied; otherwise the rail is asked, or the hold expires. Whether a
 * post comes too late is the ledger's to say, on its own clock: this pass's clock only decides when to look.
 */
async function recoverHold(
  ledger: Ledger,
  transfer: Transfer,
  options: RecoveryOptions,
  now: Date,
  report: RecoveryReport,
): Promise<void> {
  if (await ledger.store.getResolution(transfer._id)) {
    await ledger.applyResolution(transfer);
    report.resolved += 1;
    return;
  }
  const expired = transfer.expiresAt !== null && now.getTime() > transfer.expiresAt.getTime();
  if (transfer.onExpiry === 'release') {
    if (expired) {
      await ledger.void(transfer._id);
      report.resolved += 1;
    }
    return;
  }
  if (!transfer.rail) {
    // Settled outside by a service that asks its own party (the bill aggregator): never released by the clock.
    if (expired) await sendToReview(ledger, transfer, 'unresolved at its expiry', report);
    return;
  }
  const age = now.getTime() - transfer.createdAt.getTime();
  if (!expired && age < (options.askRailAfterMs ?? 0)) return;
  const outcome = options.rails ? await options.rails.status(transfer.rail, transfer._id) : 'unknown';
  if (outcome === 'failed') {
    await ledger.void(transfer._id);
    report.resolved += 1;
  } else if (outcome === 'succeeded') {
    // Money the rail collected is the wallet's whenever it came. A payout the ledger finds expired goes to a
    // person: released, it would be paid twice.
    const posted = collectsFromRail(transfer)
      ? await ledger.post(transfer._id, { confirmedBy: 'rail' })
      : await ledger.post(transfer._id);
    if (posted.ok) report.resolved += 1;
    else if (posted.reason === 'EXPIRED') await sendToReview(ledger, transfer, `rail said ${outcome}`, report);
  } else if (expired) {
    // The rail's outcome is unknown: voiding could pay twice, posting could take money the rail never moved.
    await sendToReview(ledger, transfer, `rail said ${outcome}`, report);
  }
}

async function sendToReview(ledger: Ledger, transfer: Transfer, reason: string, report: RecoveryReport) {
  const result = await ledger.sendToReview(transfer._id, reason);
  if (result.transfer?.state === 'needs_review') report.sentToReview += 1;
  else report.resolved += 1;
}

/** A running recovery worker. */
export type RecoveryWorker = PeriodicWorker<RecoveryReport>;

/** Runs recovery at start and then every `intervalMs`, never two passes at once in this process. */
export function startRecoveryWorker(
  ledger: Ledger,
  options: RecoveryOptions & { intervalMs: number; clock?: () => Date; onReport?: (r: RecoveryReport) => void },
): RecoveryWorker {
  const clock = options.clock ?? (() => new Date());
  return startPeriodicWorker(() => recoverOnce(ledger, options, clock()), options);
}
