/**
 * Bill payments (ENEO, CAMWATER, Canal+): look up what a customer number owes, quote the fee, and pay through the
 * bill aggregator with the payer's money held in the ledger until the aggregator says how it went.
 *
 * One payment, start to end (each step keyed by the payment's transfer id, so a retry, a duplicate or a second
 * process repeats nothing):
 *   intent (insert-once) → aggregator quote → open marker → ledger hold (amount + fee) → collect decision
 *   (insert-once) → aggregator collect under trid = transfer id → outcome (insert-once) → post or void → close.
 *
 * The collect decision is what makes a crash safe: the aggregator is asked only by whoever inserted `collect`,
 * and a hold is released before the aggregator was asked only by whoever inserted `abandon`. Since the two are
 * the same insert into one `_id`, the money can never be released while a collect may still be accepted. After a
 * `collect`, the hold is released only on ERRORED, or when the aggregator never heard of the trid and the quote
 * it was collected on has expired (a collect on an expired quote is refused: the port's contract).
 *
 * A payment still open (PENDING at the aggregator, or a process that died midway) is finished by the
 * reconciler, which tells the payer how it ended, once (Notifier dedupe key `bill-payment:<transfer id>`).
 */
import { startPeriodicWorker, type PeriodicWorker } from '../periodicWorker';
import { createHash } from 'node:crypto';
import {
  allowedAmounts,
  BILLERS,
  findBiller,
  isValidCustomerNumber,
  normalizeCustomerNumber,
  payableAccount,
  type AllowedAmounts,
  type Biller,
} from '../billers';
import type { AggregatorPayment, AggregatorVerification, BillAggregator, PayItem } from './billAggregator';
import { defaultFeeSchedules, quote as quoteFee, type FeeSchedule, type Quote } from '../fees';
import { accountIds } from '../ledger/accounts';
import type { Ledger, TransferRefusal } from '../ledger/ledger';
import type { InsertResult } from '../ledger/store';
import type { Transfer } from '../ledger/transfers';
import { francs, isFrancs } from '../money';
import { francsParam, type Notice, type Notifier } from '../notifications';
import { localNineDigits, type Msisdn } from '../phone';

// ---------------------------------------------------------------------------------------------------------------
// The store port: what the ledger does not keep about a bill payment.

/** A payment as asked, recorded before anything is held; immutable. `_id` is the ledger transfer id. */
export interface BillPaymentIntent {
  _id: string;
  /** Hash of what defines the payment: the same id with other fields is a conflict. */
  requestHash: string;
  payer: Msisdn;
  billerId: string;
  customerNumber: string;
  item: PayItem;
  amount: number;
  fee: number;
  createdAt: Date;
}

/**
 * Whether the aggregator is asked to collect. `collect`: a process is asking (or asked) it, on that quote.
 * `abandon`: the hold is released without asking. Insert-once: whichever comes first stands.
 */
export type CollectDecision =
  | { _id: string; decision: 'collect'; quoteId: string; quoteExpiresAt: Date; at: Date }
  | { _id: string; decision: 'abandon'; reason: string; at: Date };

/** What the aggregator said in the end (insert-once): the receipt, or why it failed. */
export type BillPaymentOutcome =
  | { _id: string; status: 'SUCCESS'; ptn: string; receiptNumber: string; token: string | null; at: Date }
  | { _id: string; status: 'ERRORED'; reason: string; at: Date };

/** A payment not finished yet (not settled, or its payer not told), which the reconciler looks at. */
export interface OpenBillPayment {
  _id: string;
  openedAt: Date;
}

/** Port to where bill payments keep their records. Races are decided by insert-once records, never updates. */
export interface BillPaymentStore {
  insertIntent(intent: BillPaymentIntent): Promise<InsertResult>;
  getIntent(id: string): Promise<BillPaymentIntent | null>;
  /** Inserts the decision if none was made; returns the one that stands. */
  decideCollect(decision: CollectDecision): Promise<CollectDecision>;
  getDecision(id: string): Promise<CollectDecision | null>;
  /** Inserts the outcome if none was recorded; returns the one that stands. */
  recordOutcome(outcome: BillPaymentOutcome): Promise<BillPaymentOutcome>;
  getOutcome(id: string): Promise<BillPaymentOutcome | null>;
  /** Marks the payment open (idempotent). */
  open(id: string, at: Date): Promise<void>;
  /** The payment is settled and its payer answered or told: the reconciler stops looking. */
  close(id: string): Promise<void>;
  /** Open payments, in no promised order. */
  findOpen(limit: number): Promise<OpenBillPayment[]>;
}

// ---------------------------------------------------------------------------------------------------------------
// Outcomes the conversation gets.

/** What a customer number has to pay, or why there is nothing to show. */
export type BillLookupResult =
  | { ok: true; biller: Biller; customerNumber: string; customerName: string | null; items: PayItem[] }
  | { ok: false; reason: 'UNKNOWN_BILLER' | 'INVALID_NUMBER' | 'UNKNOWN_CUSTOMER' | 'NO_OPEN_BILL' };

/** The confirmation screen's figures, or why the amount cannot be paid (with what can). */
export type BillQuoteResult =
  | { ok: true; quote: Quote }
  | { ok: false; reason: 'UNKNOWN_BILLER' }
  | { ok: false; reason: 'AMOUNT_NOT_ALLOWED'; allowed: AllowedAmounts | null };

/** What to pay: `id` is chosen by the caller before the call and makes every retry the same payment. */
export interface BillPaymentRequest {
  id: string;
  payer: Msisdn;
  billerId: string;
  customerNumber: string;
  /** The bill, offer or prepaid item from `lookup`. */
  item: PayItem;
  amount: number;
}

/** What the payer is shown after paying. */
export interface BillReceipt {
  paymentId: string;
  transferId: string;
  billerId: string;
  customerNumber: string;
  amount: number;
  fee: number;
  total: number;
  /** The aggregator's payment number (S3P `ptn`). */
  reference: string;
  receiptNumber: string;
  /** The meter token of a prepaid payment, 20 digits; null otherwise. */
  token: string | null;
}

/** Why a payment did not happen. Ledger refusals (INSUFFICIENT_FUNDS, LIMIT_DAILY, ...) pass through. */
export type BillPaymentRefusal =
  | 'UNKNOWN_BILLER'
  | 'INVALID_NUMBER'
  | 'INVALID_ID'
  | 'AMOUNT_NOT_ALLOWED'
  | 'CONFLICT'
  /** The aggregator would not price it (bill paid meanwhile, offer withdrawn): nothing was held. */
  | 'QUOTE_REFUSED'
  /** The aggregator refused or failed the payment: the money held was released. */
  | 'PAYMENT_FAILED'
  | TransferRefusal;

/**
 * PAID: done, with its receipt. PENDING: the money is held and the aggregator has not said yet; the payer will be
 * told (the reconciler). Refusals say why; nothing stays held after one.
 */
export type BillPaymentResult =
  | { ok: true; status: 'PAID'; receipt: BillReceipt }
  | { ok: true; status: 'PENDING'; paymentId: string; transferId: string }
  | { ok: false; reason: BillPaymentRefusal; allowed?: AllowedAmounts | null };

/** Where a payment stands, for "what happened to my payment?". */
export type BillPaymentStatus =
  | { status: 'NOT_FOUND' }
  | { status: 'PAID'; receipt: BillReceipt }
  | { status: 'PENDING' }
  | { status: 'FAILED'; reason: string };

/** The ledger transfer (and aggregator trid) of a bill payment id. */
export function billTransferId(paymentId: string): string {
  return `bill:${paymentId}`;
}

/** The dedupe key of the one notice a payment may get. */
export function billNoticeKey(transferId: string): string {
  return `bill-payment:${transferId}`;
}

/** The dedupe key of the one "being checked" notice a payment may get before its outcome. */
export function billReviewNoticeKey(transferId: string): string {
  return `bill-payment:${transferId}:review`;
}

/** What one reconciler look at a payment ended with (the report counts them). */
type ReconcileOutcome = 'paid' | 'failed' | 'pending' | 'sentToReview';

const TRANSFER_ID = /^[A-Za-z0-9:_\-.]{1,200}$/;

export interface BillPaymentsOptions {
  ledger: Ledger;
  store: BillPaymentStore;
  aggregator: BillAggregator;
  notifier: Notifier;
  billers?: readonly Biller[];
  feeSchedule?: FeeSchedule;
  clock?: () => Date;
  /**
   * How long the payer's money may stay held before recovery hands a payment no reconciler decided to a person
   * (the hold is never released by the clock). Far longer than `reviewAfterMs`.
   */
  holdTtlMs?: number;
  /**
   * Past this age a payment the aggregator still calls PENDING, or cannot be asked about, goes to a person
   * (ledger state needs_review) and the payer is told it is being checked.
   */
  reviewAfterMs?: number;
  /** The reconciler leaves younger payments to the process paying them. */
  graceMs?: number;
  /**
   * After a quote expired, how long the aggregator may take to show a collect it accepted on it in `verify`:
   * past that, a trid it never heard of was never collected, and the hold is released.
   */
  collectVisibleMs?: number;
}

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

/** The bill payment service the conversations call. */
export class BillPayments {
  private readonly ledger: Ledger;
  private readonly store: BillPaymentStore;
  private readonly aggregator: BillAggregator;
  private readonly notifier: Notifier;
  private readonly billers: readonly Biller[];
  private readonly feeSchedule: FeeSchedule;
  private readonly clock: () => Date;
  private readonly holdTtlMs: number;
  private readonly reviewAfterMs: number;
  private readonly graceMs: number;
  private readonly collectVisibleMs: number;

  constructor(options: BillPaymentsOptions) {
    this.ledger = options.ledger;
    this.store = options.store;
    this.aggregator = options.aggregator;
    this.notifier = options.notifier;
    this.billers = options.billers ?? BILLERS;
    this.feeSchedule = options.feeSchedule ?? defaultFeeSchedules.bill;
    this.clock = options.clock ?? (() => new Date());
    this.holdTtlMs = options.holdTtlMs ?? 72 * 3_600_000;
    this.reviewAfterMs = options.reviewAfterMs ?? 24 * 3_600_000;
    this.graceMs = options.graceMs ?? 60_000;
    this.collectVisibleMs = options.collectVisibleMs ?? 10 * 60_000;
    if (this.reviewAfterMs >= this.holdTtlMs) {
      throw new Error('bill payments: reviewAfterMs must be shorter than holdTtlMs, or recovery reviews first');
    }
  }

  /** The billers on offer, in menu order. */
  list(): readonly Biller[] {
    return this.billers;
  }

  /** What a customer number has to pay at a biller. The number is checked against the mask before anyone is asked. */
  async lookup(billerId: string, customerNumber: string): Promise<BillLookupResult> {
    const biller = findBiller(billerId, this.billers);
    if (!biller) return { ok: false, reason: 'UNKNOWN_BILLER' };
    const number = normalizeCustomerNumber(customerNumber);
    if (!isValidCustomerNumber(biller, number)) return { ok: false, reason: 'INVALID_NUMBER' };
    const found = await this.aggregator.lookup(biller.serviceId, biller.lookup, number);
    if (found.status === 'UNKNOWN_CUSTOMER') return { ok: false, reason: 'UNKNOWN_CUSTOMER' };
    if (found.items.length === 0) return { ok: false, reason: 'NO_OPEN_BILL' };
    return { ok: true, biller, customerNumber: number, customerName: found.customerName, items: found.items };
  }

  /** The fee and total of paying `amount` on an item, once the biller's amount rule allows it. */
  quote(billerId: string, item: PayItem, amount: number): BillQuoteResult {
    const biller = findBiller(billerId, this.billers);
    if (!biller) return { ok: false, reason: 'UNKNOWN_BILLER' };
    const allowed = allowedAmounts(biller.amount, item.amount);
    if (!allowed || !isFrancs(amount) || amount <= 0 || amount < allowed.min || amount > allowed.max) {
      return { ok: false, reason: 'AMOUNT_NOT_ALLOWED', allowed };
    }
    return { ok: true, quote: quoteFee(this.feeSchedule, francs(amount)) };
  }

  /**
   * Pays a bill: holds amount + fee in the payer's wallet, asks the aggregator to collect, then posts (PAID) or
   * releases (PAYMENT_FAILED); PENDING when the aggregator has not said yet. Idempotent under `request.id`.
   */
  async pay(request: BillPaymentRequest): Promise<BillPaymentResult> {
    const biller = findBiller(request.billerId, this.billers);
    if (!biller) return { ok: false, reason: 'UNKNOWN_BILLER' };
    const customerNumber = normalizeCustomerNumber(request.customerNumber);
    if (!isValidCustomerNumber(biller, customerNumber)) return { ok: false, reason: 'INVALID_NUMBER' };
    const priced = this.quote(biller.id, request.item, request.amount);
    if (!priced.ok) return priced;
    const transferId = billTransferId(request.id);
    if (typeof request.id !== 'string' || !TRANSFER_ID.test(transferId)) return { ok: false, reason: 'INVALID_ID' };

    const fresh: BillPaymentIntent = {
      _id: transferId,
      requestHash: intentHash(request.payer, biller.id, customerNumber, request.item, request.amount),
      payer: request.payer,
      billerId: biller.id,
      customerNumber,
      item: request.item,
      amount: priced.quote.amount,
      fee: priced.quote.fee,
      createdAt: this.clock(),
    };
    let intent = fresh;
    if ((await this.store.insertIntent(fresh)) === 'duplicate') {
      const recorded = await this.store.getIntent(transferId);
      if (!recorded) throw new Error(`bill payment ${transferId} reported as duplicate but not found`);
      if (recorded.requestHash !== fresh.requestHash) return { ok: false, reason: 'CONFLICT' };
      intent = recorded;
    }
    return this.proceed(intent, biller);
  }

  /** Where a payment stands (from its records; the aggregator is not asked). */
  async status(paymentId: string): Promise<BillPaymentStatus> {
    const transferId = billTransferId(paymentId);
    const intent = await this.store.getIntent(transferId);
    if (!intent) return { status: 'NOT_FOUND' };
    const transfer = await this.ledger.getTransfer(transferId);
    if (!transfer) {
      const decision = await this.store.getDecision(transferId);
      if (decision?.decision === 'abandon') return { status: 'FAILED', reason: decision.reason };
      // Nothing held yet: either a payment starting right now, or one whose process gave up before holding.
      const young = this.clock().getTime() - intent.createdAt.getTime() < this.graceMs;
      return young ? { status: 'PENDING' } : { status: 'FAILED', reason: 'NOT_STARTED' };
    }
    if (transfer.state === 'posted') {
      const outcome = await this.store.getOutcome(transferId);
      if (outcome?.status === 'SUCCESS') return { status: 'PAID', receipt: receiptOf(intent, outcome) };
    }
    if (transfer.state === 'rejected') return { status: 'FAILED', reason: transfer.reason ?? 'REJECTED' };
    if (transfer.state === 'voided' || transfer.state === 'expired')
      return { status: 'FAILED', reason: 'PAYMENT_FAILED' };
    return { status: 'PENDING' };
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

  // -------------------------------------------------------------------------------------------------------------

  /** Drives a recorded intent as far as it goes now. */
  private async proceed(intent: BillPaymentIntent, biller: Biller): Promise<BillPaymentResult> {
    const transferId = intent._id;
    const decided = await this.store.getDecision(transferId);
    if (decided) return this.continueDecided(intent, decided);

    const priced = await this.aggregator.quote(intent.item.payItemId, intent.amount);
    if (!priced.ok || priced.quote.price !== intent.amount) {
      const existing = await this.ledger.getTransfer(transferId);
      if (existing && existing.state !== 'held' && existing.state !== 'received') return this.answer(intent, existing);
      // Recorded, so the id stays refused and `status` says so; and a hold left by an earlier attempt of this id is
      // released only once no collect can be decided any more.
      const decision = await this.store.decideCollect({
        _id: transferId,
        decision: 'abandon',
        reason: 'QUOTE_REFUSED',
        at: this.clock(),
      });
      return this.continueDecided(intent, decision);
    }

    // Open before holding: a hold is never left without a marker the reconciler will find.
    // Opened now, not at the intent's creation: a late retry must get the reconciler's grace like a first try.
    await this.store.open(transferId, this.clock());
    const credits = [{ account: payableAccount(biller), amount: intent.amount }];
    if (intent.fee > 0) credits.push({ account: accountIds.fees, amount: intent.fee });
    const held = await this.ledger.transfer({
      id: transferId,
      kind: 'bill',
      debit: accountIds.wallet(intent.payer),
      credits,
      mode: 'pending',
      // From the intent, not the clock: a retry must describe the very same transfer.
      expiresAt: new Date(intent.createdAt.getTime() + this.holdTtlMs),
      // The aggregator may have paid the biller: the clock never releases this hold, a person decides.
      onExpiry: 'review',
      memo: `bill:${biller.id}`,
    });
    // A CONFLICT under our own transfer id means a setting (holdTtlMs) changed between two attempts of this
    // payment: the transfer recorded first is this payment's, and is carried on.
    if (!held.ok && held.reason !== 'CONFLICT') {
      await this.store.close(transferId);
      return { ok: false, reason: held.reason };
    }
    if (!held.transfer) throw new Error(`bill payment ${transferId}: the ledger answered without its transfer`);
    if (held.transfer.state !== 'held') return this.answer(intent, held.transfer);

    const decision = await this.store.decideCollect({
      _id: transferId,
      decision: 'collect',
      quoteId: priced.quote.quoteId,
      quoteExpiresAt: priced.quote.expiresAt,
      at: this.clock(),
    });
    if (decision.decision !== 'collect' || decision.quoteId !== priced.quote.quoteId) {
      return this.continueDecided(intent, decision);
    }
    let payment: AggregatorPayment;
    try {
      payment = await this.aggregator.collect({
        quoteId: priced.quote.quoteId,
        payerPhone: localNineDigits(intent.payer),
        customerNumber: intent.customerNumber,
        trid: transferId,
      });
    } catch {
      // The collect may or may not have been accepted: the money stays held and the reconciler asks later.
      return pending(intent);
    }
    return this.settle(intent, payment, { close: true });
  }

  /** A payment whose collect decision was made, by us earlier or by someone else. */
  private async continueDecided(intent: BillPaymentIntent, decision: CollectDecision): Promise<BillPaymentResult> {
    const transferId = intent._id;
    if (decision.decision === 'abandon') {
      await this.releaseHold(transferId);
      await this.store.close(transferId);
      return { ok: false, reason: decision.reason === 'QUOTE_REFUSED' ? 'QUOTE_REFUSED' : 'PAYMENT_FAILED' };
    }
    const recorded = await this.store.getOutcome(transferId);
    if (recorded) return this.settleRecorded(intent, recorded, { close: true });
    let verified;
    try {
      verified = await this.aggregator.verify(transferId);
    } catch {
      return pending(intent);
    }
    // Not seen yet: the process that decided to collect may still be asking. The reconciler waits it out.
    if (verified.status === 'NOT_FOUND') return pending(intent);
    return this.settle(intent, verified, { close: true });
  }

  /** Applies what the aggregator said: records it, then posts or voids the hold. */
  private async settle(
    intent: BillPaymentIntent,
    payment: AggregatorPayment,
    options: { close: boolean },
  ): Promise<BillPaymentResult> {
    if (payment.status === 'PENDING') return pending(intent);
    const at = this.clock();
    const outcome = await this.store.recordOutcome(
      payment.status === 'SUCCESS'
        ? {
            _id: intent._id,
            status: 'SUCCESS',
            ptn: payment.ptn,
            receiptNumber: payment.receiptNumber,
            token: payment.token,
            at,
          }
        : { _id: intent._id, status: 'ERRORED', reason: payment.reason, at },
    );
    return this.settleRecorded(intent, outcome, options);
  }

  private async settleRecorded(
    intent: BillPaymentIntent,
    outcome: BillPaymentOutcome,
    options: { close: boolean },
  ): Promise<BillPaymentResult> {
    const transferId = intent._id;
    if (outcome.status === 'SUCCESS') {
      const posted = await this.ledger.post(transferId);
      if (!posted.ok && (posted.reason === 'EXPIRED' || posted.reason === 'IN_REVIEW')) {
        // Paid after the hold's expiry (the ledger's clock says so), or already with a person: the money stays
        // held and the person decides; the payer is told by the reconciler.
        await this.ledger.sendToReview(transferId, 'bill aggregator said SUCCESS after the hold expired');
        return pending(intent);
      }
      if (!posted.ok) {
        // The biller was paid but the payer's money was released: the hold never expires into a release, so this
        // is never expected. Left open and loud for a person.
        throw new Error(`bill payment ${transferId} collected but its hold could not be posted: ${posted.reason}`);
      }
      if (options.close) await this.store.close(transferId);
      return { ok: true, status: 'PAID', receipt: receiptOf(intent, outcome) };
    }
    const released = await this.ledger.void(transferId);
    if (!released.ok && released.transfer?.state === 'posted') {
      throw new Error(`bill payment ${transferId} failed at the aggregator but its hold was posted`);
    }
    if (options.close) await this.store.close(transferId);
    return { ok: false, reason: 'PAYMENT_FAILED' };
  }

  /** Releases the hold of a payment that was never collected (nothing to do when there is none). */
  private async releaseHold(transferId: string): Promise<void> {
    const transfer = await this.ledger.getTransfer(transferId);
    if (!transfer) return;
    // A hold still being decided is decided first, so it can be released.
    if (transfer.state === 'received') await this.ledger.drive(transfer);
    const released = await this.ledger.void(transferId);
    if (!released.ok && released.transfer?.state === 'posted') {
      throw new Error(`bill payment ${transferId} was abandoned but its hold was posted`);
    }
  }

  /** The answer for a payment whose transfer is already final. */
  private async answer(intent: BillPaymentIntent, transfer: Transfer): Promise<BillPaymentResult> {
    if (transfer.state === 'posted') {
      const outcome = await this.store.getOutcome(intent._id);
      if (outcome?.status === 'SUCCESS') {
        await this.store.close(intent._id);
        return { ok: true, status: 'PAID', receipt: receiptOf(intent, outcome) };
      }
    }
    if (transfer.state === 'voided' || transfer.state === 'expired') {
      await this.store.close(intent._id);
      return { ok: false, reason: 'PAYMENT_FAILED' };
    }
    if (transfer.state === 'rejected') {
      await this.store.close(intent._id);
      return { ok: false, reason: (transfer.reason ?? 'PAYMENT_FAILED') as BillPaymentRefusal };
    }
    return pending(intent);
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
      await this.releaseHold(transferId);
      return this.finish(intent, await this.ledger.getTransfer(transferId));
    }
    const recorded = await this.store.getOutcome(transferId);
    if (recorded) {
      await this.settleRecorded(intent, recorded, { close: false });
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
      await this.settle(intent, verified, { close: false });
      return this.finish(intent, await this.ledger.getTransfer(transferId));
    }
    if (verified.status === 'NOT_FOUND' && now.getTime() > decision.quoteExpiresAt.getTime() + this.collectVisibleMs) {
      // Never accepted, and its quote can no longer be collected on: nothing will ever be paid. Release.
      await this.settle(intent, { status: 'ERRORED', reason: 'NEVER_COLLECTED' }, { close: false });
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
      // Posted by a person without the aggregator's receipt on record: our reference stands in for it.
      const receipt = outcome?.receiptNumber ?? paymentIdOf(intent._id);
      notice = outcome?.token
        ? { key: 'bills.paidToken', params: { ...common, token: groupToken(outcome.token), receipt } }
        : { key: 'bills.paid', params: { ...common, receipt, reference: outcome?.ptn ?? intent._id } };
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

function pending(intent: BillPaymentIntent): BillPaymentResult {
  return { ok: true, status: 'PENDING', paymentId: paymentIdOf(intent._id), transferId: intent._id };
}

function paymentIdOf(transferId: string): string {
  return transferId.slice('bill:'.length);
}

function receiptOf(
  intent: BillPaymentIntent,
  outcome: Extract<BillPaymentOutcome, { status: 'SUCCESS' }>,
): BillReceipt {
  return {
    paymentId: paymentIdOf(intent._id),
    transferId: intent._id,
    billerId: intent.billerId,
    customerNumber: intent.customerNumber,
    amount: intent.amount,
    fee: intent.fee,
    total: intent.amount + intent.fee,
    reference: outcome.ptn,
    receiptNumber: outcome.receiptNumber,
    token: outcome.token,
  };
}

/** A 20-digit token in groups of four, as meters and paper receipts show it. */
export function groupToken(token: string): string {
  return token.replace(/(\d{4})(?=\d)/g, '$1 ');
}

function intentHash(payer: string, billerId: string, customerNumber: string, item: PayItem, amount: number): string {
  return createHash('sha256')
    .update(JSON.stringify([payer, billerId, customerNumber, item.payItemId, item.kind, item.amount, amount]))
    .digest('hex');
}
