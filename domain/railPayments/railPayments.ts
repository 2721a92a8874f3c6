/**
 * Money in and out through the rails: what top-ups and withdrawals share. Both hold money in the ledger first
 * (a pending transfer), then ask the rail, and end when the rail's outcome is confirmed by its `status` call:
 * success posts the hold, failure voids it, and the wallet owner is told once.
 *
 * Who finishes a payment does not matter: the rail's callback, this module's reconciler, or the ledger's own
 * recovery worker may each post or void the hold (every ledger step is idempotent). The owner's notice is built
 * from the transfer's final state in the ledger, under one dedupe key per transfer, so it says the same thing and
 * goes out once whoever saw the outcome first.
 *
 * Order of writes at the start, each one safe to stop after (a crash, a restart):
 * short reference → record (who, which number) → open marker → ledger hold → dispatch decision → rail request.
 * The short reference (domain/shortReferences.ts) is reserved first, so the record, the hold and the rail request
 * all carry the one the owner will read: the rail shows it as its own reference (MTN externalId, Orange orderId).
 * The dispatch decision is an insert-once `send` or `abandon`: a process that died between the hold and the rail
 * leaves no decision, the reconciler inserts `abandon` and releases the money, and a late starter that finds
 * `abandon` never asks the rail. So a rail is never asked for money that was already released.
 *
 * A collection still pending when its hold is about to end, on a rail that can call it off (a card checkout that
 * stays open longer than the hold), is cancelled at the rail first (railCancellation.ts); the rail's status after
 * that decides, so it ends as "not paid in time", or as a credit when the payer paid first.
 *
 * A payout the rail never heard of, long after we decided to send it, is asked again under the same reference and
 * stays held (railPayoutResend.ts): its sender may be stalled, not dead, and a void would let the money leave twice.
 */
import { accountIds, type Rail } from '../ledger/accounts';
import type { Ledger } from '../ledger/ledger';
import type { RailOutcome, RailStatusPort } from '../ledger/railStatusPort';
import { available } from '../ledger/entries';
import { effectIds, type Transfer, type TransferRequest } from '../ledger/transfers';
import { defaultFeeSchedules, type FeeSchedule, type Operation, type Quote } from '../fees';
import { francs } from '../money';
import type { Notice } from '../notifications';
import type { Notifier } from '../notifier';
import type { Msisdn } from '../phone';
import type { PaymentRail, PaymentRails, RailCallback, RailRequest, RailStatus } from '../paymentRail';
import type { ShortReferences } from '../shortReferences';
import {
  failedNotice,
  inReviewNotice,
  noticeDedupeKey,
  reviewNoticeDedupeKey,
  succeededNotice,
} from './railPaymentNotices';
import { cancelPendingCollection, canCancel } from './railCancellation';
import { resendPayout } from './railPayoutResend';
import { refusalOf, UNFINISHED, viewOf, type RailPaymentStart, type RailPaymentView } from './railPaymentResults';
import { shortReferenceOf } from '../shortReference';
import { sameRecord, type RailFailureNote, type RailPaymentRecord, type RailPaymentsStore } from './railPaymentsStore';

/** What RailPayments needs; the thresholds have defaults fit for MTN and Orange. */
export interface RailPaymentsOptions {
  ledger: Ledger;
  store: RailPaymentsStore;
  rails: PaymentRails;
  notifier: Notifier;
  /** Where each payment's short reference is reserved before anything else is written. */
  shortReferences: ShortReferences;
  clock?: () => Date;
  fees?: Record<Operation, FeeSchedule>;
  /**
   * How long money stays held for the rail before an unknown outcome goes to a person (review), and a payout's
   * late success too; a collection the rail confirms late is still credited. Far longer than any rail keeps a
   * request pending (MTN ~5 min, Orange ~7).
   */
  holdTtlMs?: number;
  /** A hold with no dispatch decision this old belongs to a process that died before asking the rail. */
  abandonAfterMs?: number;
  /**
   * A rail that still has never heard of a reference this long after we decided to send it never will (longer
   * than any rail client's timeout): a collection's hold is released, a payout is asked again (same reference).
   */
  notFoundAfterMs?: number;
  /**
   * How long before its hold ends a collection still pending is cancelled at a rail that can (cards): longer than
   * the reconciler's longest wait between two looks at a payment, so one look falls in it. Default 10 minutes.
   */
  cancelBeforeExpiryMs?: number;
}

/** A payment's start as topUps.ts and withdrawals.ts describe it. */
export interface RailPaymentPlan {
  record: RailPaymentRecord;
  quote: Quote;
  /**
   * The ledger hold for the recorded payment. Its expiry derives from when the payment was first recorded, so
   * a retry asks the ledger for exactly the same transfer (another expiry would be a conflict).
   */
  hold: (record: RailPaymentRecord, expiresAt: Date) => TransferRequest;
  /** What the rail moves (a collection takes amount and fee; a payout pays the amount). */
  railAmount: number;
  /** What the rail shows the payer and writes on our side (RailRequest); top-ups name who is asking. */
  payerMessage?: string;
  payeeNote?: string;
  /** Where a hosted checkout sends the payer back (RailRequest). */
  returnUrl?: string;
}

/** Starts, settles, reconciles and looks up top-ups and withdrawals (see the file comment for the guarantees). */
export class RailPayments {
  readonly ledger: Ledger;
  readonly store: RailPaymentsStore;
  readonly fees: Record<Operation, FeeSchedule>;
  readonly holdTtlMs: number;
  readonly clock: () => Date;
  private readonly rails: PaymentRails;
  private readonly notifier: Notifier;
  private readonly shortReferences: ShortReferences;
  private readonly abandonAfterMs: number;
  private readonly notFoundAfterMs: number;
  private readonly cancelBeforeExpiryMs: number;
  private readonly finishedListeners: Array<(record: RailPaymentRecord) => Promise<void>> = [];

  constructor(options: RailPaymentsOptions) {
    this.ledger = options.ledger;
    this.store = options.store;
    this.rails = options.rails;
    this.notifier = options.notifier;
    this.shortReferences = options.shortReferences;
    this.clock = options.clock ?? (() => new Date());
    this.fees = options.fees ?? defaultFeeSchedules;
    this.holdTtlMs = options.holdTtlMs ?? 60 * 60_000;
    this.abandonAfterMs = options.abandonAfterMs ?? 60_000;
    this.notFoundAfterMs = options.notFoundAfterMs ?? 120_000;
    this.cancelBeforeExpiryMs = options.cancelBeforeExpiryMs ?? 10 * 60_000;
  }

  /**
   * Called when a payment is final, before it stops being watched: a throw leaves it open, and the reconciler
   * calls again. Several listeners may register (the payment requests record a pay page's collection, merchant
   * refunds their payouts); each is called in turn and ignores records that are not its own.
   */
  whenFinished(listener: (record: RailPaymentRecord) => Promise<void>): void {
    this.finishedListeners.push(listener);
  }

  /** Whether this deployment can reach the rail. */
  hasRail(rail: Rail): boolean {
    return this.rails[rail] !== undefined;
  }

  /**
   * Holds the money, then asks the rail. Idempotent under the transfer id: concurrent or repeated calls hold once
   * and ask the rail once. Used by TopUps and Withdrawals.
   */
  async begin(plan: RailPaymentPlan): Promise<RailPaymentStart> {
    const { quote } = plan;
    const id = plan.record._id;
    const rail = this.rails[plan.record.rail];
    if (!rail) return { ok: false, reason: 'UNSUPPORTED_RAIL' };
    const record = { ...plan.record, shortReference: await this.shortReferences.reserve(id) };
    let recorded: RailPaymentRecord = record;
    if ((await this.store.insertRecord(record)) === 'duplicate') {
      const existing = await this.store.getRecord(id);
      if (!existing || !sameRecord(existing, record)) return { ok: false, reason: 'CONFLICT' };
      recorded = existing;
    }
    await this.store.open(id, this.clock());

    const expiresAt = new Date(recorded.createdAt.getTime() + this.holdTtlMs);
    // The recorded one: a retry of a payment recorded before short references asks for the same transfer as then.
    const shortReference = recorded.shortReference;
    const hold = plan.hold(recorded, expiresAt);
    const held = await this.ledger.transfer(shortReference === undefined ? hold : { ...hold, shortReference });
    if (!held.ok) {
      // Refused before the rail was asked: the caller is answered now, nothing is held, no notice follows.
      if (!held.transfer) {
        // The ledger recorded nothing (bad input, no wallet): record here that this id never reaches the rail,
        // so it stays refused and a lookup can say why.
        await this.store.noteFailure({ _id: id, reason: held.reason, silent: true, at: this.clock() });
        await this.store.decideDispatch({ _id: id, decision: 'abandon', at: this.clock() });
      }
      await this.store.close(id);
      return { ok: false, reason: refusalOf(held.reason) };
    }
    const started: RailPaymentStart = { ok: true, reference: id, shortReference: shortReferenceOf(recorded), quote };
    const state = held.transfer.state;
    if (state !== 'held') {
      if (UNFINISHED.has(state)) return started;
      // A retry of a payment that already ended: make sure it is told (once) and closed, then say how it ended.
      await this.finishIfFinal(recorded, held.transfer);
      return state === 'posted' ? started : { ok: false, reason: 'FAILED' };
    }

    const dispatch = await this.store.decideDispatch({ _id: id, decision: 'send', at: this.clock() });
    if (dispatch.decision === 'abandon') {
      // The reconciler gave up on this payment before we could ask the rail: it must never be asked now.
      await this.finishIfFinal(recorded, await this.resolved(id, await this.ledger.void(id)));
      return { ok: false, reason: 'FAILED' };
    }
    // Another call with this id won the right to ask the rail: it does, once.
    if (!dispatch.mine) return started;

    let acceptance;
    try {
      const request: RailRequest = {
        reference: id,
        msisdn: record.counterparty,
        amount: francs(plan.railAmount),
        shortReference: shortReferenceOf(recorded),
        ...(plan.payerMessage === undefined ? {} : { payerMessage: plan.payerMessage }),
        ...(plan.payeeNote === undefined ? {} : { payeeNote: plan.payeeNote }),
        ...(plan.returnUrl === undefined ? {} : { returnUrl: plan.returnUrl }),
      };
      acceptance = record.direction === 'collect' ? await rail.requestPayment(request) : await rail.payout(request);
    } catch {
      // The rail may or may not have the request (a timeout): the payment is pending, and the reconciler asks
      // the rail's status until it knows. Telling the caller "failed" could make them pay twice.
      return started;
    }
    // A hosted checkout's page goes back to the caller: the payer pays there, not on their phone.
    if (acceptance.ok) return acceptance.checkoutUrl ? { ...started, checkoutUrl: acceptance.checkoutUrl } : started;
    // The rail promised it will never act on this reference: release the money and answer now.
    await this.store.noteFailure({ _id: id, reason: acceptance.reason, silent: true, at: this.clock() });
    await this.finishIfFinal(recorded, await this.resolved(id, await this.ledger.void(id)));
    return { ok: false, reason: 'RAIL_REFUSED' };
  }

  /**
   * A rail's callback: only a hint. Looks the reference up, asks the rail, and settles the payment. A reference
   * that is not one of ours, or whose rail says otherwise, changes nothing.
   */
  async onRailCallback(callback: RailCallback): Promise<RailPaymentView | null> {
    return this.complete(callback.reference);
  }

  /** Settles a payment from what its rail says now (post, void, or leave pending) and tells its owner once. */
  async complete(reference: string): Promise<RailPaymentView | null> {
    return this.settle(reference, false);
  }

  /**
   * Like `complete`, and also finishes what a dead process left: drives an undecided hold, releases a hold the
   * rail was never asked for, gives up on a reference the rail never heard of. For the reconciler.
   */
  async reconcile(reference: string): Promise<RailPaymentView | null> {
    return this.settle(reference, true);
  }

  /** What happened to a person's top-up or withdrawal; null when the reference is not theirs (or not ours). */
  async lookup(reference: string, owner: Msisdn): Promise<RailPaymentView | null> {
    const record = await this.store.getRecord(reference);
    if (!record || record.owner !== owner) return null;
    const transfer = await this.ledger.getTransfer(reference);
    const dispatch = transfer ? null : await this.store.getDispatch(reference);
    if (!transfer && dispatch?.decision === 'abandon') return viewOf(record, null, { reason: 'NOT_SENT' });
    return viewOf(record, transfer, transfer ? await this.store.getFailure(reference) : null);
  }

  /**
   * The rails' status as the ledger's recovery worker asks for it (by rail and transfer id). "Never heard of it"
   * counts as failed only once it is safe: the rail was asked long enough ago, or never will be.
   */
  railStatusPort(): RailStatusPort {
    return {
      status: async (_rail: Rail, transferId: string): Promise<RailOutcome> => {
        const record = await this.store.getRecord(transferId);
        if (!record) return 'unknown';
        const dispatch = await this.store.getDispatch(transferId);
        if (!dispatch) return 'unknown';
        if (dispatch.decision === 'abandon') return 'failed';
        let status: RailStatus;
        try {
          status = await this.railOf(record).status(record.direction, transferId);
        } catch {
          return 'unknown';
        }
        if (status.outcome === 'pending') {
          const transfer = await this.ledger.getTransfer(transferId);
          status = await this.cancelIfDue(record, status, transfer?.expiresAt ?? null);
        }
        if (status.outcome !== 'failed') return status.outcome;
        if (status.reason === 'NOT_FOUND' && !this.olderThan(dispatch.at, this.notFoundAfterMs)) return 'pending';
        // A payout the rail never heard of is asked again by the reconciler, never released (railPayoutResend.ts).
        if (status.reason === 'NOT_FOUND' && record.direction === 'payout') return 'unknown';
        // Noted before the recovery releases the hold, so the owner's notice gives the rail's reason.
        await this.store.noteFailure({ _id: transferId, reason: status.reason, silent: false, at: this.clock() });
        return 'failed';
      },
    };
  }

  private async settle(reference: string, reconciling: boolean): Promise<RailPaymentView | null> {
    const record = await this.store.getRecord(reference);
    if (!record) {
      // Not one of ours (a forged or mistyped reference): nothing to do. An open marker without its record
      // cannot be made (the record is written first), but one would only be closed.
      if (reconciling) await this.store.close(reference);
      return null;
    }
    let transfer = await this.ledger.getTransfer(reference);

    if (!transfer) {
      // The process died before holding anything. Decide that the rail is never asked, so a late starter cannot.
      if (reconciling && this.olderThan(record.createdAt, this.abandonAfterMs)) {
        const dispatch = await this.store.decideDispatch({ _id: reference, decision: 'abandon', at: this.clock() });
        // The starter may still hold the money after this: it then finds `abandon` and releases it itself.
        if (dispatch.decision === 'abandon') await this.store.close(reference);
      }
      return this.lookup(reference, record.owner);
    }
    if (transfer.state === 'received' && reconciling)
      transfer = (await this.ledger.drive(transfer)).transfer ?? transfer;
    // A collection in review is still settled by the rail's answer: money it collected is the owner's.
    if (transfer.state === 'held' || (transfer.state === 'needs_review' && record.direction === 'collect')) {
      transfer = await this.resolveHold(record, transfer, reconciling);
    }
    if (transfer.state === 'needs_review') await this.tellInReview(record);
    return viewOf(record, transfer, await this.finishIfFinal(record, transfer));
  }

  /** Tells the owner, once, that a person is checking the payment (the outcome notice still follows). */
  private async tellInReview(record: RailPaymentRecord): Promise<void> {
    await this.notifier.notify(record.owner, inReviewNotice(record), reviewNoticeDedupeKey(record._id));
  }

  /** Finishes a payment whose transfer is final; returns its failure note, if any. */
  private async finishIfFinal(record: RailPaymentRecord, transfer: Transfer): Promise<RailFailureNote | null> {
    if (UNFINISHED.has(transfer.state)) return null;
    const failure = transfer.state === 'posted' ? null : await this.store.getFailure(record._id);
    await this.finish(record, transfer, failure);
    return failure;
  }

  /** Posts or voids a hold from what the rail says; returns the transfer as it is after that. */
  private async resolveHold(record: RailPaymentRecord, transfer: Transfer, reconciling: boolean): Promise<Transfer> {
    const id = transfer._id;
    let dispatch = await this.store.getDispatch(id);
    if (!dispatch) {
      if (!reconciling || !this.olderThan(transfer.createdAt, this.abandonAfterMs)) return transfer;
      dispatch = await this.store.decideDispatch({ _id: id, decision: 'abandon', at: this.clock() });
    }
    if (dispatch.decision === 'abandon') {
      await this.store.noteFailure({ _id: id, reason: 'NOT_SENT', silent: false, at: this.clock() });
      return this.resolved(id, await this.ledger.void(id));
    }

    const status = await this.cancelIfDue(
      record,
      await this.railOf(record).status(record.direction, id),
      transfer.expiresAt,
    );
    if (status.outcome === 'pending') return transfer;
    if (status.outcome === 'succeeded') {
      // Collected money is the owner's whenever the rail confirms it, past the hold's expiry too.
      if (record.direction === 'collect') return this.resolved(id, await this.ledger.post(id, { confirmedBy: 'rail' }));
      // Whether a payout's post is too late is the ledger's to say, on its clock. Released, the money would leave
      // twice: it stays held and a person decides.
      const posted = await this.ledger.post(id);
      if (!posted.ok && posted.reason === 'EXPIRED') {
        return this.resolved(id, await this.ledger.sendToReview(id, 'rail said succeeded after the hold expired'));
      }
      return this.resolved(id, posted);
    }
    // A rail that never heard of the reference may just not have our request yet.
    if (status.reason === 'NOT_FOUND' && !this.olderThan(dispatch.at, this.notFoundAfterMs)) return transfer;
    // A payout's sender may only be stalled: it is asked again under its reference, never voided (railPayoutResend).
    if (status.reason === 'NOT_FOUND' && record.direction === 'payout') return this.askPayoutAgain(record, transfer);
    await this.store.noteFailure({ _id: id, reason: status.reason, silent: false, at: this.clock() });
    // The rail's answer is final: it also settles a collection in review.
    return this.resolved(id, await this.ledger.void(id, { confirmedBy: 'rail' }));
  }

  /**
   * Asks the rail again for a payout it never heard of and keeps the hold; only the rail's refusal releases it.
   * Past the hold's expiry it is not asked again: the ledger's recovery sends it to a person (review).
   */
  private async askPayoutAgain(record: RailPaymentRecord, transfer: Transfer): Promise<Transfer> {
    if (transfer.expiresAt !== null && this.clock().getTime() >= transfer.expiresAt.getTime()) return transfer;
    const resent = await resendPayout(this.railOf(record), record);
    if (resent.kind !== 'refused') return transfer;
    // The person was told "started": they are told it failed (not silent, unlike a refusal `begin` answers).
    await this.store.noteFailure({ _id: record._id, reason: resent.reason, silent: false, at: this.clock() });
    return this.resolved(record._id, await this.ledger.void(record._id));
  }

  private async resolved(id: string, result: Awaited<ReturnType<Ledger['post']>>): Promise<Transfer> {
    const transfer = result.transfer ?? (await this.ledger.getTransfer(id));
    if (!transfer) throw new Error(`transfer ${id} vanished while being resolved`);
    return transfer;
  }

  /** Tells the owner how the payment ended (unless they were answered at once), then stops watching it. */
  private async finish(record: RailPaymentRecord, transfer: Transfer, failure: RailFailureNote | null): Promise<void> {
    // A refused hold was answered to the caller at once; nothing was held, so there is nothing to tell later.
    if (transfer.state !== 'rejected') {
      // A request's collection is told by the request (its outcome notice), a merchant refund's payout by the
      // refund, a salary line's by its batch, a merchant payout by its events: none as a top-up or a withdrawal.
      const toldElsewhere =
        record.requestId !== undefined ||
        record.refundId !== undefined ||
        record.salaryLineId !== undefined ||
        record.payoutId !== undefined;
      if (!failure?.silent && !toldElsewhere) {
        const notice = await this.noticeFor(record, transfer, failure);
        await this.notifier.notify(record.owner, notice, noticeDedupeKey(record._id));
      }
    }
    for (const listener of this.finishedListeners) await listener(record);
    await this.store.close(record._id);
  }

  private async noticeFor(
    record: RailPaymentRecord,
    transfer: Transfer,
    failure: RailFailureNote | null,
  ): Promise<Notice> {
    if (transfer.state === 'posted') return succeededNotice(record, await this.balanceAfter(record));
    return failedNotice(record, transfer, failure);
  }

  /**
   * The wallet's available balance just after this payment posted, from the counters its own resolve entry
   * holds: every process that builds the notice writes the same figure, whatever moved since.
   */
  private async balanceAfter(record: RailPaymentRecord): Promise<number> {
    const resolve =
      record.direction === 'collect' ? effectIds.resolveCredit(record._id, 0) : effectIds.resolveDebit(record._id);
    const entry = await this.ledger.store.getEntry(resolve);
    if (entry && !entry.rejected) return available(entry.counters);
    return (await this.ledger.balance(accountIds.wallet(record.owner))).available;
  }

  /** A pending collection whose hold ends soon, called off first at a rail that can (railCancellation.ts). */
  private async cancelIfDue(
    record: RailPaymentRecord,
    status: RailStatus,
    expiresAt: Date | null,
  ): Promise<RailStatus> {
    const due = expiresAt !== null && this.clock().getTime() >= expiresAt.getTime() - this.cancelBeforeExpiryMs;
    if (!due) return status;
    const rail = this.railOf(record);
    if (status.outcome === 'pending' && record.direction === 'collect' && canCancel(rail)) {
      // Noted before asking: the rail's own news of our cancel (Notch Pay's "canceled" webhook) may settle it first,
      // and the owner must read that it expired, not that they declined. The first note stands; a payer who pays
      // before the cancel still gets the credit (a note only words a failure).
      await this.store.noteFailure({ _id: record._id, reason: 'EXPIRED', silent: false, at: this.clock() });
    }
    return cancelPendingCollection(rail, record, status);
  }

  private railOf(record: RailPaymentRecord): PaymentRail {
    const rail = this.rails[record.rail];
    if (!rail) throw new Error(`no adapter for rail ${record.rail}`);
    return rail;
  }

  private olderThan(at: Date, ms: number): boolean {
    return this.clock().getTime() - at.getTime() > ms;
  }
}
