/**
 * Merchant refunds: a merchant gives back all or part of a payment it collected, to the payer's wallet or to the
 * mobile-money account that paid. The sum refunded never exceeds what was paid, whatever races (two refunds at
 * once, a retry, a crash), with no update deciding anything:
 * - the refunds of a payment are numbered; refund n is the insert of `<payment transfer>#<n>` into a unique `_id`,
 *   made only after reading refunds 1..n-1 and checking amount ≤ paid − the earlier refunds not failed. Losing
 *   the insert means someone took slot n: re-read, try n+1. A failed refund never comes back, so what an earlier
 *   decision counted as reserved can only shrink: the refunds not failed always add up to at most what was paid.
 * - the caller's id is unique per merchant (`{merchantId, callerId}`): twenty copies of one call make one refund,
 *   and the same id with another amount or destination is a CONFLICT.
 * - how a refund ended is an insert-once outcome row; every driver (the call, its retry, the sweep, a payout's
 *   end) moves the same money under the same transfer id (refundMoney.ts) and records the same outcome.
 * Order of writes, each safe to stop after: short reference → refund record → pending event → money → outcome →
 * event and the payer's notice (each once, by its key) → cached state (what the sweep looks for).
 */
import { accountIds, type Rail } from '../../ledger/accounts';
import type { Ledger } from '../../ledger/ledger';
import { isFrancs } from '../../money';
import type { Msisdn } from '../../phone';
import { startPeriodicWorker, type PeriodicWorker } from '../../periodicWorker';
import { francsParam } from '../../notifications';
import type { Notifier } from '../../notifier';
import type { PaymentRequest, PaymentRequestStore } from '../../paymentRequests/paymentRequestStore';
import type { RailPayments } from '../../railPayments/railPayments';
import type { ShortReferences } from '../../shortReferences';
import type { UserDirectory } from '../../userDirectory';
import { canOperate } from '../merchant';
import type { MerchantEventRecorder } from '../merchantEvent';
import type { MerchantStore } from '../merchantStore';
import {
  refundJson,
  refundOutcomeId,
  refundSlotId,
  refundTransferId,
  refundViewOf,
  type RefundDestination,
  type RefundRecord,
  type RefundRefusal,
  type RefundView,
} from './refund';
import { driveRefundMoney } from './refundMoney';
import type { RefundStore } from './refundStore';

/** What Refunds needs. Without `railPayments`, refunds go to wallets only. */
export interface RefundsOptions {
  ledger: Ledger;
  store: RefundStore;
  requestStore: PaymentRequestStore;
  merchantStore: MerchantStore;
  railPayments?: RailPayments;
  users: UserDirectory;
  events: MerchantEventRecorder;
  notifier: Notifier;
  shortReferences: ShortReferences;
  clock?: () => Date;
}

/** What a merchant asks; `id` is its idempotency key for this refund. No amount: what is left to refund. */
export interface RefundInput {
  merchantId: string;
  requestId: string;
  id: string;
  amount?: number;
  destination?: RefundDestination;
  reason?: string;
  /** The team member who made it (chat, dashboard); none through the API, whose key is the merchant's. */
  requestedBy?: Msisdn;
}

export type RefundAnswer = { ok: true; refund: RefundView } | { ok: false; reason: RefundRefusal };

/** A merchant payment as refunds see it: the transfer that paid it and what the merchant got. */
interface PaidPayment {
  request: PaymentRequest;
  transferId: string;
  paid: number;
  rail: Rail | null;
  railPayer: string | null;
}

const CALLER_ID = /^[A-Za-z0-9_\-.]{1,100}$/;
const MAX_REASON_LENGTH = 200;
/** Slots tried before giving up under contention: each lost one means another refund of the payment was made. */
const MAX_SLOTS = 50;

export class Refunds {
  private readonly ledger: Ledger;
  private readonly store: RefundStore;
  private readonly requests: PaymentRequestStore;
  private readonly merchants: MerchantStore;
  private readonly railPayments: RailPayments | undefined;
  private readonly users: UserDirectory;
  private readonly events: MerchantEventRecorder;
  private readonly notifier: Notifier;
  private readonly shortReferences: ShortReferences;
  private readonly clock: () => Date;

  constructor(options: RefundsOptions) {
    this.ledger = options.ledger;
    this.store = options.store;
    this.requests = options.requestStore;
    this.merchants = options.merchantStore;
    this.railPayments = options.railPayments;
    this.users = options.users;
    this.events = options.events;
    this.notifier = options.notifier;
    this.shortReferences = options.shortReferences;
    this.clock = options.clock ?? (() => new Date());
    // A payout that ends (callback, reconciler, recovery) records its refund's outcome at once.
    this.railPayments?.whenFinished(async (payout) => {
      if (payout.refundId === undefined) return;
      const record = await this.store.getRefund(payout.refundId);
      if (record) await this.drive(record);
    });
  }

  /** Refunds a paid merchant request, wholly or in part (see the file comment for the guarantees). */
  async refund(input: RefundInput): Promise<RefundAnswer> {
    if (!CALLER_ID.test(input.id)) throw new RangeError('a refund id is 1 to 100 letters, digits, _ - or .');
    if (input.amount !== undefined && (!isFrancs(input.amount) || input.amount <= 0)) {
      return { ok: false, reason: 'INVALID_AMOUNT' };
    }
    const reason = (input.reason ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_REASON_LENGTH) || null;
    const earlier = await this.store.byCallerId(input.merchantId, input.id);
    if (earlier) return this.again(earlier, input);

    const merchant = await this.merchants.getMerchant(input.merchantId);
    if (!merchant) return { ok: false, reason: 'PAYMENT_NOT_FOUND' };
    const request = await this.requests.getRequest(input.requestId);
    if (!request || request.requester.account !== accountIds.merchant(merchant._id)) {
      return { ok: false, reason: 'PAYMENT_NOT_FOUND' };
    }
    if (!canOperate(merchant)) return { ok: false, reason: 'MERCHANT_SUSPENDED' };
    const payment = await this.paidPayment(request);
    if (!payment) return { ok: false, reason: 'NOT_PAID' };
    const route = await this.routeOf(payment, input.destination);
    if (!route) return { ok: false, reason: 'DESTINATION_UNAVAILABLE' };

    for (let round = 0; round < MAX_SLOTS; round += 1) {
      const { n, reserved } = await this.slots(payment.transferId);
      const left = payment.paid - reserved;
      const amount = input.amount ?? left;
      if (amount <= 0 || amount > left) return { ok: false, reason: 'EXCEEDS_REFUNDABLE' };
      const slot = { paymentTransferId: payment.transferId, n };
      const record: RefundRecord = {
        _id: refundSlotId(payment.transferId, n),
        ...slot,
        merchantId: merchant._id,
        callerId: input.id,
        requestId: request._id,
        amount,
        destination: route.destination,
        rail: route.rail,
        payee: route.payee,
        reason,
        requestedBy: input.requestedBy ?? null,
        // Reserved under the transfer the slot names: a loser of the slot reserved the winner's, harmlessly.
        shortReference: await this.shortReferences.reserve(refundTransferId(slot)),
        createdAt: this.clock(),
        state: 'pending',
        processedAt: null,
      };
      if ((await this.store.insertRefund(record)) === 'inserted') return this.answer(await this.drive(record));
      // Lost: the same caller id made by a copy of this call, or another refund took slot n.
      const copy = await this.store.byCallerId(input.merchantId, input.id);
      if (copy) return this.again(copy, input);
    }
    throw new Error(`refunds of ${payment.transferId}: too much contention`);
  }

  /** A refund by the merchant's id for it; null when the merchant made none under that id. */
  async get(merchantId: string, id: string): Promise<RefundView | null> {
    const record = await this.store.byCallerId(merchantId, id);
    return record ? this.view(record) : null;
  }

  /** A merchant's refunds, newest first, a page at a time (`startingAfter`: the last id of the previous page). */
  async list(
    merchantId: string,
    options: { limit: number; startingAfter?: string; requestId?: string },
  ): Promise<{ data: RefundView[]; hasMore: boolean }> {
    const limit = Math.min(Math.max(Math.trunc(options.limit) || 10, 1), 100);
    let before: { createdAt: Date; _id: string } | undefined;
    if (options.startingAfter !== undefined) {
      const after = await this.store.byCallerId(merchantId, options.startingAfter);
      if (!after) return { data: [], hasMore: false };
      before = { createdAt: after.createdAt, _id: after._id };
    }
    const found = await this.store.byMerchant(merchantId, {
      limit: limit + 1,
      ...(options.requestId === undefined ? {} : { requestId: options.requestId }),
      ...(before ? { before } : {}),
    });
    const data = await Promise.all(found.slice(0, limit).map((r) => this.view(r)));
    return { data, hasMore: found.length > limit };
  }

  /** Every refund of a payment request, oldest first (order tracking). */
  async refundsOf(requestId: string): Promise<RefundView[]> {
    const records = (await this.store.ofRequest(requestId)).sort((a, b) => a.n - b.n);
    return Promise.all(records.map((r) => this.view(r)));
  }

  /** What may still be refunded of a request: paid minus the refunds not failed (0 when it was not paid). */
  async refundable(requestId: string): Promise<number> {
    const request = await this.requests.getRequest(requestId);
    const payment = request ? await this.paidPayment(request) : null;
    if (!payment) return 0;
    return payment.paid - (await this.slots(payment.transferId)).reserved;
  }

  /**
   * One pass over the refunds still pending: drives each (a crash between the record and the money, a payout that
   * ended while the process was down). Several processes may run it at once.
   */
  async settle(batch = 500): Promise<{ examined: number; settled: number; errors: number }> {
    const report = { examined: 0, settled: 0, errors: 0 };
    for (const record of await this.store.pending(batch)) {
      report.examined += 1;
      try {
        if ((await this.drive(record)).status !== 'pending') report.settled += 1;
      } catch {
        report.errors += 1; // tried again next pass
      }
    }
    return report;
  }

  /** Runs `settle` at start and every `intervalMs`, never two passes at once in this process. */
  startSettleWorker(options: {
    intervalMs: number;
    onReport?: (report: { examined: number; settled: number; errors: number }) => void;
  }): PeriodicWorker<{ examined: number; settled: number; errors: number }> {
    return startPeriodicWorker(() => this.settle(), options);
  }

  /** An earlier refund under the caller's id: the same one asked again (driven on), or a CONFLICT. */
  private async again(earlier: RefundRecord, input: RefundInput): Promise<RefundAnswer> {
    const same =
      earlier.requestId === input.requestId &&
      (input.amount === undefined || input.amount === earlier.amount) &&
      (input.destination === undefined || input.destination === earlier.destination);
    if (!same) return { ok: false, reason: 'CONFLICT' };
    return this.answer(await this.drive(earlier));
  }

  private answer(view: RefundView): RefundAnswer {
    // The ledger refused the merchant's money: recorded as failed (amount freed), and said as such.
    if (view.status === 'failed' && view.reason === 'INSUFFICIENT_FUNDS') return { ok: false, reason: view.reason };
    return { ok: true, refund: view };
  }

  /** Moves a recorded refund's money if it has no outcome yet, records how it ended, and tells everyone once. */
  private async drive(record: RefundRecord): Promise<RefundView> {
    let outcome = await this.store.getOutcome(record._id);
    if (!outcome) {
      await this.tell(record, refundViewOf(record, null));
      const money = await driveRefundMoney(record, this.ledger, this.railPayments);
      if (money.state === 'pending') return refundViewOf(record, null);
      outcome = await this.store.insertOutcome({
        _id: refundOutcomeId(record._id),
        refundId: record._id,
        state: money.state,
        reason: money.state === 'failed' ? money.reason : null,
        at: this.clock(),
      });
    }
    const view = refundViewOf(record, outcome);
    // Told before the cache says it is over: a crash in between leaves it pending, and the sweep tells it.
    await this.tell(record, view);
    if (record.state !== view.status) await this.store.setState(record._id, view.status, view.processedAt);
    return view;
  }

  /** The merchant's event for this state, and the payer's notice once processed; each once, by its key. */
  private async tell(record: RefundRecord, view: RefundView): Promise<void> {
    await this.events.record({
      merchantId: record.merchantId,
      type: `refund.${view.status}`,
      subjectKey: `${record._id}:${view.status}`,
      data: refundJson(view),
    });
    if (view.status !== 'processed') return;
    const merchant = await this.merchants.getMerchant(record.merchantId);
    const notice = {
      key:
        record.destination === 'wallet'
          ? ('payments.refundedToWallet' as const)
          : ('payments.refundedToMobileMoney' as const),
      params: {
        merchant: merchant?.name ?? '',
        amount: francsParam(record.amount),
        reference: record.shortReference,
      },
    };
    await this.notifier.notify(record.payee, notice, `mrefund-processed:${record._id}`);
  }

  private async view(record: RefundRecord): Promise<RefundView> {
    return refundViewOf(record, await this.store.getOutcome(record._id));
  }

  /**
   * The next free slot of a payment's refunds and what the earlier ones reserve (those not failed), read slot by
   * slot from 1 up to the first free one.
   */
  private async slots(paymentTransferId: string): Promise<{ n: number; reserved: number }> {
    let reserved = 0;
    for (let n = 1; ; n += 1) {
      const earlier = await this.store.getRefund(refundSlotId(paymentTransferId, n));
      if (!earlier) return { n, reserved };
      const outcome = earlier.state === 'failed' ? { state: 'failed' } : await this.store.getOutcome(earlier._id);
      if (outcome?.state !== 'failed') reserved += earlier.amount;
    }
  }

  /** The request's payment, when a `paid` step names a posted transfer crediting the merchant. */
  private async paidPayment(request: PaymentRequest): Promise<PaidPayment | null> {
    const paid = (await this.requests.steps(request._id)).find((s) => s.kind === 'paid');
    if (!paid?.transferId) return null;
    const transfer = await this.ledger.getTransfer(paid.transferId);
    const leg = transfer?.credits.find((c) => c.account === request.requester.account);
    if (!transfer || transfer.state !== 'posted' || !leg) return null;
    return {
      request,
      transferId: transfer._id,
      paid: leg.amount,
      rail: paid.rail ?? null,
      railPayer: paid.railPayer ?? null,
    };
  }

  /**
   * Where the money goes: the payer's wallet when paid from it; back to the mobile-money number that paid through
   * the rail that collected; a card payment to the payer's wallet if they have one (no card refund API yet).
   */
  private async routeOf(
    payment: PaidPayment,
    asked: RefundDestination | undefined,
  ): Promise<{ destination: RefundDestination; rail: Rail | null; payee: PaymentRequest['payer'] } | null> {
    const byMobileMoney = payment.rail === 'mtn_momo' || payment.rail === 'orange_money';
    const destination = asked ?? (byMobileMoney ? 'mobile_money' : 'wallet');
    if (destination === 'mobile_money') {
      if (!byMobileMoney || !payment.railPayer || !this.railPayments?.hasRail(payment.rail!)) return null;
      return { destination, rail: payment.rail, payee: payment.railPayer as PaymentRequest['payer'] };
    }
    const payer = payment.request.payer;
    if (!(await this.ledger.store.getAccount(accountIds.wallet(payer)))) return null;
    if (payment.rail !== null && !(await this.users.find(payer))) return null;
    return { destination, rail: null, payee: payer };
  }
}
