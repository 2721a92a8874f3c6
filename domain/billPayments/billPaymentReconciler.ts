/**
 * The bill payment reconciler: finishes payments left open (PENDING at the aggregator, or a process that stopped
 * midway) and tells each payer how their payment ended, once (Notifier dedupe key `bill-payment:<transfer id>`).
 * Every step is an insert-once record or an idempotent ledger step, so it is safe alongside payers and other
 * reconcilers in other processes.
 */
import { findBiller, type Biller } from '../billers';
import type { Ledger } from '../ledger/ledger';
import type { Transfer } from '../ledger/transfers';
import { francsParam, type Notice } from '../notifications';
import type { Notifier } from '../notifier';
import { startPeriodicWorker, type PeriodicWorker } from '../periodicWorker';
import { shortReferenceOf } from '../shortReference';
import type { AggregatorVerification, BillAggregator } from './billAggregator';
import { billNoticeKey, billReviewNoticeKey, groupToken, paymentIdOf } from './billPaymentResults';
import type { BillPayments } from './billPayments';
import type { BillPaymentSaga } from './billPaymentSaga';
import type { BillPaymentIntent, BillPaymentOutcome, BillPaymentStore } from './billPaymentStore';

/** What one reconciler look at a payment ended with (the report counts them). */
type ReconcileOutcome = 'paid' | 'failed' | 'pending' | 'sentToReview';

/** Counts of one reconciler pass. */
export interface BillReconcileReport {
  examined: number;
  paid: number;
  failed: number;
  pending: number;
  sentToReview: number;
  errors: number;
}

function emptyReport(): BillReconcileReport {
  return { examined: 0, paid: 0, failed: 0, pending: 0, sentToReview: 0, errors: 0 };
}

/** What the reconciler works with; the service resolves the defaults (see BillPaymentsOptions). */
export interface BillPaymentReconcilerOptions {
  ledger: Ledger;
  store: BillPaymentStore;
  aggregator: BillAggregator;
  notifier: Notifier;
  billers: readonly Biller[];
  clock: () => Date;
  saga: BillPaymentSaga;
  reviewAfterMs: number;
  graceMs: number;
  collectVisibleMs: number;
}

/** Looks at open payments, finishes those that can be finished now, and tells their payers. */
export class BillPaymentReconciler {
  private readonly ledger: Ledger;
  private readonly store: BillPaymentStore;
  private readonly aggregator: BillAggregator;
  private readonly notifier: Notifier;
  private readonly billers: readonly Biller[];
  private readonly clock: () => Date;
  private readonly saga: BillPaymentSaga;
  private readonly reviewAfterMs: number;
  private readonly graceMs: number;
  private readonly collectVisibleMs: number;

  constructor(options: BillPaymentReconcilerOptions) {
    this.ledger = options.ledger;
    this.store = options.store;
    this.aggregator = options.aggregator;
    this.notifier = options.notifier;
    this.billers = options.billers;
    this.clock = options.clock;
    this.saga = options.saga;
    this.reviewAfterMs = options.reviewAfterMs;
    this.graceMs = options.graceMs;
    this.collectVisibleMs = options.collectVisibleMs;
  }

  /**
   * One reconciler pass: finishes payments left open (PENDING at the aggregator, or a process that stopped
   * midway) and tells their payers. Safe alongside payers and other reconcilers in other processes.
   */
  async reconcileOnce(options: { batch?: number } = {}): Promise<BillReconcileReport> {
    const report = emptyReport();
    const now = this.clock();
    for (const open of await this.store.findOpen(options.batch ?? 200)) {
      if (now.getTime() - open.openedAt.getTime() < this.graceMs) continue;
      report.examined += 1;
      try {
        report[await this.reconcile(open._id, now)] += 1;
      } catch {
        // One bad payment must not stop the others; it stays open and is looked at again next pass.
        report.errors += 1;
      }
    }
    return report;
  }

  /** Finishes one open payment if it can be finished now; tells the payer when it ends. */
  private async reconcile(transferId: string, now: Date): Promise<ReconcileOutcome> {
    const intent = await this.store.getIntent(transferId);
    if (!intent) {
      await this.store.close(transferId);
      return 'failed';
    }
    let transfer = await this.ledger.getTransfer(transferId);
    if (!transfer) {
      // The payer's process stopped before holding anything (or is very slow): decide that nothing is collected.
      const decision = await this.store.decideCollect({
        _id: transferId,
        decision: 'abandon',
        reason: 'STOPPED',
        at: now,
      });
      if (decision.decision === 'collect') return 'pending';
      transfer = await this.ledger.getTransfer(transferId);
      if (!transfer) return this.finish(intent, null);
    }
    if (transfer.state === 'received') transfer = (await this.ledger.drive(transfer)).transfer ?? transfer;
    if (transfer.state === 'needs_review') return this.inReview(intent);
    if (transfer.state !== 'held') return this.finish(intent, transfer);

    const decision = await this.store.decideCollect({
      _id: transferId,
      decision: 'abandon',
      reason: 'STOPPED',
      at: now,
    });
    if (decision.decision === 'abandon') {
      await this.saga.releaseHold(transferId);
      return this.finish(intent, await this.ledger.getTransfer(transferId));
    }
    const recorded = await this.store.getOutcome(transferId);
    if (recorded) {
      await this.saga.settleRecorded(intent, recorded, { close: false });
      return this.finish(intent, await this.ledger.getTransfer(transferId));
    }
    const overdue = now.getTime() - transfer.createdAt.getTime() > this.reviewAfterMs;
    let verified: AggregatorVerification;
    try {
      verified = await this.aggregator.verify(transferId);
    } catch (error) {
      // An aggregator that cannot be asked is not an answer: the money stays held, and after long enough a person
      // decides (the hold never expires into a release).
      if (!overdue) throw error;
      return this.sendToReview(intent, 'bill aggregator could not be asked');
    }
    if (verified.status === 'SUCCESS' || verified.status === 'ERRORED') {
      await this.saga.settle(intent, verified, { close: false });
      return this.finish(intent, await this.ledger.getTransfer(transferId));
    }
    if (verified.status === 'NOT_FOUND' && now.getTime() > decision.quoteExpiresAt.getTime() + this.collectVisibleMs) {
      // Never accepted, and its quote can no longer be collected on: nothing will ever be paid. Release.
      await this.saga.settle(intent, { status: 'ERRORED', reason: 'NEVER_COLLECTED' }, { close: false });
      return this.finish(intent, await this.ledger.getTransfer(transferId));
    }
    // Still unknown after this long: a person decides.
    if (overdue) return this.sendToReview(intent, `bill aggregator said ${verified.status}`);
    return 'pending';
  }

  /** Hands the payment to a person (its hold stays), unless it was resolved meanwhile. */
  private async sendToReview(intent: BillPaymentIntent, reason: string): Promise<ReconcileOutcome> {
    const result = await this.ledger.sendToReview(intent._id, reason);
    return this.finish(intent, result.transfer ?? (await this.ledger.getTransfer(intent._id)));
  }

  /** Tells the payer, once, that a person is checking the payment; the outcome notice follows the decision. */
  private async inReview(intent: BillPaymentIntent): Promise<'sentToReview'> {
    const notice: Notice = { key: 'bills.inReview', params: this.noticeParams(intent) };
    await this.notifier.notify(intent.payer, notice, billReviewNoticeKey(intent._id));
    return 'sentToReview';
  }

  /** Tells the payer how a payment ended (once, by its dedupe key) and stops looking at it. */
  private async finish(intent: BillPaymentIntent, transfer: Transfer | null): Promise<ReconcileOutcome> {
    const state = transfer?.state ?? 'none';
    if (state === 'held' || state === 'received') return 'pending';
    if (state === 'needs_review') return this.inReview(intent);
    const outcome = state === 'posted' ? await this.receiptOutcome(intent._id) : null;
    const common = this.noticeParams(intent);
    let notice: Notice;
    if (state === 'posted') {
      // Posted by a person without the aggregator's receipt on record: our payment id stands in for it.
      const receipt = outcome?.receiptNumber ?? paymentIdOf(intent._id);
      notice = outcome?.token
        ? { key: 'bills.paidToken', params: { ...common, token: groupToken(outcome.token), receipt } }
        : { key: 'bills.paid', params: { ...common, receipt, reference: shortReferenceOf(intent) } };
    } else {
      notice = { key: 'bills.failed', params: common };
    }
    await this.notifier.notify(intent.payer, notice, billNoticeKey(intent._id));
    await this.store.close(intent._id);
    return state === 'posted' ? 'paid' : 'failed';
  }

  private noticeParams(intent: BillPaymentIntent) {
    return {
      biller: findBiller(intent.billerId, this.billers)?.brand ?? intent.billerId,
      amount: francsParam(intent.amount),
      number: intent.customerNumber,
    };
  }

  /** The aggregator's receipt of a posted payment: as recorded, or asked for when a person posted it. */
  private async receiptOutcome(transferId: string): Promise<Extract<BillPaymentOutcome, { status: 'SUCCESS' }> | null> {
    const recorded = await this.store.getOutcome(transferId);
    if (recorded) return recorded.status === 'SUCCESS' ? recorded : null;
    const verified = await this.aggregator.verify(transferId);
    if (verified.status !== 'SUCCESS') return null;
    const outcome = await this.store.recordOutcome({ _id: transferId, ...verified, at: this.clock() });
    return outcome.status === 'SUCCESS' ? outcome : null;
  }
}

/** A running reconciler. */
export type BillReconciler = PeriodicWorker<BillReconcileReport>;

/** Runs the reconciler at start and then every `intervalMs`, never two passes at once in this process. */
export function startBillReconciler(
  payments: BillPayments,
  options: { intervalMs: number; batch?: number; onReport?: (report: BillReconcileReport) => void },
): BillReconciler {
  return startPeriodicWorker(() => payments.reconcileOnce({ batch: options.batch }), options);
}
