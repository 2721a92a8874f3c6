/**
 * Bill payments (ENEO, CAMWATER, Canal+): look up what a customer number owes, quote the fee, and pay through the
 * bill aggregator with the payer's money held in the ledger until the aggregator says how it went. The service
 * checks and records what the payer asked; the saga (billPaymentSaga.ts) drives the payment, and the reconciler
 * (billPaymentReconciler.ts) finishes what stays open and tells the payer how it ended.
 */
import { createHash } from 'node:crypto';
import {
  allowedAmounts,
  BILLERS,
  findBiller,
  isValidCustomerNumber,
  normalizeCustomerNumber,
  type Biller,
} from '../billers';
import { defaultFeeSchedules, quote as quoteFee, type FeeSchedule } from '../fees';
import type { Ledger } from '../ledger/ledger';
import { francs, isFrancs } from '../money';
import type { Notifier } from '../notifier';
import type { ShortReferences } from '../shortReferences';
import type { BillAggregator, PayItem } from './billAggregator';
import { BillPaymentReconciler, type BillReconcileReport } from './billPaymentReconciler';
import {
  billTransferId,
  receiptOf,
  type BillLookupResult,
  type BillPaymentRequest,
  type BillPaymentResult,
  type BillPaymentStatus,
  type BillQuoteResult,
} from './billPaymentResults';
import { BillPaymentSaga } from './billPaymentSaga';
import type { BillPaymentIntent, BillPaymentStore } from './billPaymentStore';

const TRANSFER_ID = /^[A-Za-z0-9:_\-.]{1,200}$/;

/** What BillPayments needs; every timing has a default. */
export interface BillPaymentsOptions {
  ledger: Ledger;
  store: BillPaymentStore;
  aggregator: BillAggregator;
  notifier: Notifier;
  /** Where each payment's short reference is reserved before its intent is recorded. */
  shortReferences: ShortReferences;
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

/** The bill payment service the conversations call. */
export class BillPayments {
  private readonly ledger: Ledger;
  private readonly store: BillPaymentStore;
  private readonly aggregator: BillAggregator;
  private readonly billers: readonly Biller[];
  private readonly feeSchedule: FeeSchedule;
  private readonly clock: () => Date;
  private readonly shortReferences: ShortReferences;
  private readonly graceMs: number;
  private readonly saga: BillPaymentSaga;
  private readonly reconciler: BillPaymentReconciler;

  constructor(options: BillPaymentsOptions) {
    this.ledger = options.ledger;
    this.store = options.store;
    this.aggregator = options.aggregator;
    this.billers = options.billers ?? BILLERS;
    this.feeSchedule = options.feeSchedule ?? defaultFeeSchedules.bill;
    this.clock = options.clock ?? (() => new Date());
    this.shortReferences = options.shortReferences;
    const holdTtlMs = options.holdTtlMs ?? 72 * 3_600_000;
    const reviewAfterMs = options.reviewAfterMs ?? 24 * 3_600_000;
    this.graceMs = options.graceMs ?? 60_000;
    if (reviewAfterMs >= holdTtlMs) {
      throw new Error('bill payments: reviewAfterMs must be shorter than holdTtlMs, or recovery reviews first');
    }
    const { ledger, store, aggregator, billers, clock, graceMs } = this;
    this.saga = new BillPaymentSaga({ ledger, store, aggregator, clock, holdTtlMs });
    this.reconciler = new BillPaymentReconciler({
      ledger,
      store,
      aggregator,
      notifier: options.notifier,
      billers,
      clock,
      saga: this.saga,
      reviewAfterMs,
      graceMs,
      collectVisibleMs: options.collectVisibleMs ?? 10 * 60_000,
    });
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
      // Not part of the request hash: a retry reserves the same one, and an intent recorded without one stands.
      shortReference: await this.shortReferences.reserve(transferId),
    };
    let intent = fresh;
    if ((await this.store.insertIntent(fresh)) === 'duplicate') {
      const recorded = await this.store.getIntent(transferId);
      if (!recorded) throw new Error(`bill payment ${transferId} reported as duplicate but not found`);
      if (recorded.requestHash !== fresh.requestHash) return { ok: false, reason: 'CONFLICT' };
      intent = recorded;
    }
    return this.saga.proceed(intent, biller);
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
    return this.reconciler.reconcileOnce(options);
  }
}

/** Hash of what defines a payment: the same id asked again with other fields is a conflict. */
function intentHash(payer: string, billerId: string, customerNumber: string, item: PayItem, amount: number): string {
  return createHash('sha256')
    .update(JSON.stringify([payer, billerId, customerNumber, item.payItemId, item.kind, item.amount, amount]))
    .digest('hex');
}
