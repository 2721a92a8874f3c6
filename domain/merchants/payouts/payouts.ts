/**
 * Merchant payouts: money out of a merchant account to a bank account or a mobile-money number, exactly as a
 * withdrawal leaves a wallet (RailPayments): the amount and fee are held on the merchant account first (a pending
 * transfer the ledger never releases by the clock: `onExpiry: review`), then the rail is asked with the transfer id
 * as its reference; the rail's confirmed outcome posts or voids the hold. An unknown outcome goes to a person.
 *
 * One payout per id: the record's `_id` derives from the merchant and the caller's id, so twenty concurrent creates
 * with one id make one record (one insert wins) and drive the same transfer. A payout a checker must approve
 * (PayoutApprovals) holds nothing until approved: the hold, and so the balance check, happen at approval time.
 *
 * Fee: the `payout` fee schedule (domain/fees.ts: 1 %, 100 F minimum), taken from the merchant account on top of
 * the amount and credited to the fees account when the payout is paid.
 *
 * Order of writes, each safe to stop after: approval request → record → pending event → rail payment (short
 * reference, record, hold, dispatch, rail) → events as it ends → cached state (what the sweep looks for).
 */
import { accountIds } from '../../ledger/accounts';
import type { Ledger } from '../../ledger/ledger';
import type { TransferRequest } from '../../ledger/transfers';
import { computeFee } from '../../fees';
import { francs, isFrancs, MAX_AMOUNT } from '../../money';
import { startPeriodicWorker, type PeriodicWorker } from '../../periodicWorker';
import type { Msisdn } from '../../phone';
import type { RailPayments } from '../../railPayments/railPayments';
import type { RailPaymentRecord } from '../../railPayments/railPaymentsStore';
import { canOperate } from '../merchant';
import type { MerchantEventRecorder } from '../merchantEvent';
import type { MerchantStore } from '../merchantStore';
import {
  payoutJson,
  payoutTransferId,
  railOfDestination,
  sameDestination,
  type PayoutRecord,
  type PayoutRefusal,
  type PayoutStatus,
  type PayoutView,
} from './payout';
import type { PayoutApprovals } from './payoutApprovals';
import { checkDestination, type PayoutDestinationInput } from './payoutDestination';
import type { PayoutStore } from './payoutStore';

export interface PayoutsOptions {
  ledger: Ledger;
  store: PayoutStore;
  merchantStore: MerchantStore;
  railPayments: RailPayments;
  approvals: PayoutApprovals;
  events: MerchantEventRecorder;
  clock?: () => Date;
}

/** What a merchant asks; `id` is its idempotency key for this payout. */
export interface PayoutInput {
  merchantId: string;
  id: string;
  amount: number;
  destination: PayoutDestinationInput;
  reference?: string;
  requestedBy: Msisdn;
}

export type PayoutAnswer = { ok: true; payout: PayoutView } | { ok: false; reason: PayoutRefusal };

const CALLER_ID = /^[A-Za-z0-9_\-.]{1,100}$/;
const MAX_REFERENCE = 70;

/** Creates, continues and reports merchant payouts (see the file comment for the guarantees). */
export class Payouts {
  private readonly ledger: Ledger;
  private readonly store: PayoutStore;
  private readonly merchants: MerchantStore;
  private readonly railPayments: RailPayments;
  private readonly approvals: PayoutApprovals;
  private readonly events: MerchantEventRecorder;
  private readonly clock: () => Date;

  constructor(options: PayoutsOptions) {
    this.ledger = options.ledger;
    this.store = options.store;
    this.merchants = options.merchantStore;
    this.railPayments = options.railPayments;
    this.approvals = options.approvals;
    this.events = options.events;
    this.clock = options.clock ?? (() => new Date());
    // A payout that ends (callback, reconciler, recovery) is told at once.
    this.railPayments.whenFinished(async (payment) => {
      if (payment.payoutId === undefined) return;
      const record = await this.store.getPayout(payment.payoutId);
      if (record) await this.drive(record);
    });
  }

  /** The fee a payout of `amount` costs the merchant; null for an amount that cannot be paid out. */
  feeFor(amount: number): number | null {
    if (!isFrancs(amount) || amount <= 0 || amount > MAX_AMOUNT) return null;
    try {
      return computeFee(this.railPayments.fees.payout, francs(amount));
    } catch {
      return null;
    }
  }

  /** Creates a payout and starts it (or leaves it for approval). Idempotent under `{merchantId, id}`. */
  async create(input: PayoutInput): Promise<PayoutAnswer> {
    if (!CALLER_ID.test(input.id)) throw new RangeError('a payout id is 1 to 100 letters, digits, _ - or .');
    const fee = this.feeFor(input.amount);
    if (fee === null) return { ok: false, reason: 'INVALID_AMOUNT' };
    const destination = checkDestination(input.destination);
    if (!destination) return { ok: false, reason: 'INVALID_DESTINATION' };
    const reference = (input.reference ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_REFERENCE) || null;
    const id = payoutTransferId(input.merchantId, input.id);
    const earlier = await this.store.getPayout(id);
    if (earlier) return this.again(earlier, input.amount, destination);

    const merchant = await this.merchants.getMerchant(input.merchantId);
    if (!merchant) return { ok: false, reason: 'MERCHANT_NOT_FOUND' };
    if (!canOperate(merchant)) return { ok: false, reason: 'MERCHANT_SUSPENDED' };
    const rail = railOfDestination(destination);
    if (!this.railPayments.hasRail(rail)) return { ok: false, reason: 'RAIL_UNAVAILABLE' };
    // Asked before the record exists: a crash in between leaves an approval request for a payout never made,
    // which its checker can only approve into nothing; the reverse would leave a payout nobody is asked about.
    const approval = await this.approvals.requestApproval({
      merchantId: merchant._id,
      kind: 'payout',
      subjectId: id,
      amount: input.amount,
      maker: input.requestedBy,
    });
    const record: PayoutRecord = {
      _id: id,
      merchantId: merchant._id,
      callerId: input.id,
      amount: input.amount,
      fee,
      destination,
      rail,
      reference,
      requestedBy: input.requestedBy,
      approvalRequired: approval.required,
      createdAt: this.clock(),
      state: approval.required ? 'pending_approval' : 'pending',
    };
    if ((await this.store.insertPayout(record)) === 'duplicate') {
      const winner = await this.store.getPayout(id);
      if (!winner) throw new Error(`payout ${id} taken but not found`);
      return this.again(winner, input.amount, destination);
    }
    return this.answer(await this.drive(record));
  }

  /** Continues a payout its checker approved (when the decision lands): holds the money and asks the rail. */
  async approve(merchantId: string, id: string): Promise<PayoutView | null> {
    const record = await this.store.getPayout(payoutTransferId(merchantId, id));
    return record ? this.drive(record) : null;
  }

  /** Ends a payout its checker rejected: nothing was held, nothing moves; told as failed (APPROVAL_REJECTED). */
  async reject(merchantId: string, id: string): Promise<PayoutView | null> {
    return this.approve(merchantId, id);
  }

  /** A payout by the merchant's id for it; null when it made none under that id. */
  async get(merchantId: string, id: string): Promise<PayoutView | null> {
    const record = await this.store.getPayout(payoutTransferId(merchantId, id));
    return record ? this.view(record) : null;
  }

  /** A merchant's payouts, newest first, a page at a time (`startingAfter`: the last id of the previous page). */
  async list(
    merchantId: string,
    options: { limit: number; startingAfter?: string },
  ): Promise<{ data: PayoutView[]; hasMore: boolean }> {
    const limit = Math.min(Math.max(Math.trunc(options.limit) || 10, 1), 100);
    let before: { createdAt: Date; _id: string } | undefined;
    if (options.startingAfter !== undefined) {
      const after = await this.store.getPayout(payoutTransferId(merchantId, options.startingAfter));
      if (!after) return { data: [], hasMore: false };
      before = { createdAt: after.createdAt, _id: after._id };
    }
    const found = await this.store.byMerchant(merchantId, { limit: limit + 1, ...(before ? { before } : {}) });
    const data = await Promise.all(found.slice(0, limit).map((r) => this.view(r)));
    return { data, hasMore: found.length > limit };
  }

  /**
   * One pass over unfinished payouts: drives each (an approval that landed while nobody listened, a crash between
   * the record and the rail, an ending not yet told). Several processes may run it at once.
   */
  async settle(batch = 500): Promise<{ examined: number; settled: number; errors: number }> {
    const report = { examined: 0, settled: 0, errors: 0 };
    for (const record of await this.store.unfinished(batch)) {
      report.examined += 1;
      try {
        const view = await this.drive(record);
        if (view.status === 'paid' || view.status === 'failed') report.settled += 1;
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

  /** An earlier payout under the id: the same one asked again (driven on), or a CONFLICT. */
  private async again(
    earlier: PayoutRecord,
    amount: number,
    destination: PayoutRecord['destination'],
  ): Promise<PayoutAnswer> {
    if (earlier.amount !== amount || !sameDestination(earlier.destination, destination)) {
      return { ok: false, reason: 'CONFLICT' };
    }
    return this.answer(await this.drive(earlier));
  }

  private answer(view: PayoutView): PayoutAnswer {
    // The ledger refused the merchant's money: failed at once, nothing moved, and said as such.
    if (view.status === 'failed' && view.failureReason === 'INSUFFICIENT_FUNDS') {
      return { ok: false, reason: 'INSUFFICIENT_FUNDS' };
    }
    return { ok: true, payout: view };
  }

  /** Starts the money if it may move and has not, then tells where the payout stands (each event once). */
  private async drive(record: PayoutRecord): Promise<PayoutView> {
    await this.tell(record, 'payout.pending', await this.view(record));
    if (await this.mayStart(record)) await this.begin(record);
    const view = await this.view(record);
    if (view.status === 'paid') await this.tell(record, 'payout.paid', view);
    if (view.status === 'failed') await this.tell(record, 'payout.failed', view);
    if (record.state !== view.status) await this.store.setState(record._id, view.status);
    return view;
  }

  /** Whether the rail payment should be begun now: not begun (or its starter died early), and approved if need be. */
  private async mayStart(record: PayoutRecord): Promise<boolean> {
    const payments = this.railPayments;
    if (await payments.store.getRecord(record._id)) {
      if (await payments.store.getDispatch(record._id)) return false;
      return (await this.ledger.getTransfer(record._id)) === null;
    }
    if (!record.approvalRequired) return true;
    return (await this.approvals.decision('payout', record._id)) === 'approved';
  }

  private async begin(record: PayoutRecord): Promise<void> {
    const payment = paymentOf(record, this.clock());
    const amount = francs(record.amount);
    const fee = francs(record.fee);
    await this.railPayments.begin({
      record: payment,
      quote: { amount, fee, total: francs(record.amount + record.fee) },
      hold: (recorded, expiresAt) => holdOf(record, recorded, expiresAt),
      railAmount: record.amount,
      payeeNote: `payout ${record.reference ?? record.callerId}`,
    });
  }

  private async tell(record: PayoutRecord, type: `payout.${'pending' | 'paid' | 'failed'}`, view: PayoutView) {
    await this.events.record({
      merchantId: record.merchantId,
      type,
      subjectKey: `${record._id}:${type}`,
      data: payoutJson(view),
    });
  }

  /** Where a payout stands, from the approvals, its rail payment and its ledger transfer. */
  private async view(record: PayoutRecord): Promise<PayoutView> {
    const { status, reason } = await this.statusOf(record);
    return {
      id: record.callerId,
      payoutId: record._id,
      merchantId: record.merchantId,
      amount: record.amount,
      fee: record.fee,
      currency: 'XAF',
      destination: record.destination,
      reference: record.reference,
      status,
      failureReason: reason,
      requestedBy: record.requestedBy,
      createdAt: record.createdAt,
    };
  }

  private async statusOf(record: PayoutRecord): Promise<{ status: PayoutStatus; reason: string | null }> {
    const payment = await this.railPayments.store.getRecord(record._id);
    if (!payment) {
      if (!record.approvalRequired) return { status: 'pending', reason: null };
      const decision = await this.approvals.decision('payout', record._id);
      if (decision === 'rejected') return { status: 'failed', reason: 'APPROVAL_REJECTED' };
      return { status: decision === 'approved' ? 'pending' : 'pending_approval', reason: null };
    }
    const transfer = await this.ledger.getTransfer(record._id);
    if (transfer?.state === 'needs_review') return { status: 'needs_review', reason: null };
    const seen = await this.railPayments.lookup(record._id, payment.owner);
    if (seen?.status === 'succeeded') return { status: 'paid', reason: null };
    if (seen?.status === 'failed') return { status: 'failed', reason: seen.reason ?? 'FAILED' };
    const sent = transfer?.state === 'held' && (await this.railPayments.store.getDispatch(record._id));
    return { status: sent ? 'processing' : 'pending', reason: null };
  }
}

/** The rail payment of a payout, all from its record but its start (a retry's start is ignored: RailPayments). */
function paymentOf(record: PayoutRecord, at: Date): RailPaymentRecord {
  return {
    _id: record._id,
    direction: 'payout',
    rail: record.rail,
    // Told by the payout's events (payoutId below), never as a withdrawal.
    owner: record.requestedBy,
    counterparty: record.destination.type === 'bank' ? record.requestedBy : record.destination.phone,
    amount: record.amount,
    fee: record.fee,
    createdAt: at,
    payoutId: record._id,
  };
}

/**
 * The merchant account holds amount + fee for the rail's clearing account and the fees account. Never released by
 * the clock (`review`): the bank may have paid when nobody could ask it.
 */
function holdOf(record: PayoutRecord, payment: RailPaymentRecord, expiresAt: Date): TransferRequest {
  return {
    id: payment._id,
    kind: 'payout',
    debit: accountIds.merchant(record.merchantId),
    credits: [
      { account: accountIds.clearing(payment.rail), amount: payment.amount },
      ...(payment.fee > 0 ? [{ account: accountIds.fees, amount: payment.fee }] : []),
    ],
    mode: 'pending',
    expiresAt,
    rail: payment.rail,
    onExpiry: 'review',
  };
}
