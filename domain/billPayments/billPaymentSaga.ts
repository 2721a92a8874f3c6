/**
 * The bill payment saga: drives a recorded payment from its intent to the end, each step keyed by the payment's
 * transfer id, so a retry, a duplicate or a second process repeats nothing:
 *   intent (insert-once) → aggregator quote → open marker → ledger hold (amount + fee) → collect decision
 *   (insert-once) → aggregator collect under trid = transfer id → outcome (insert-once) → post or void → close.
 *
 * The collect decision is what makes a crash safe: the aggregator is asked only by whoever inserted `collect`,
 * and a hold is released before the aggregator was asked only by whoever inserted `abandon`. Since the two are
 * the same insert into one `_id`, the money can never be released while a collect may still be accepted. After a
 * `collect`, the hold is released only on ERRORED, or when the aggregator never heard of the trid and the quote
 * it was collected on has expired (a collect on an expired quote is refused: the port's contract).
 */
import { payableAccount, type Biller } from '../billers';
import { accountIds } from '../ledger/accounts';
import type { Ledger } from '../ledger/ledger';
import type { Transfer } from '../ledger/transfers';
import { localNineDigits } from '../phone';
import type { AggregatorPayment, BillAggregator } from './billAggregator';
import { pending, receiptOf, type BillPaymentRefusal, type BillPaymentResult } from './billPaymentResults';
import type { BillPaymentIntent, BillPaymentOutcome, BillPaymentStore, CollectDecision } from './billPaymentStore';

/** What the saga works with; the service resolves the defaults. */
export interface BillPaymentSagaOptions {
  ledger: Ledger;
  store: BillPaymentStore;
  aggregator: BillAggregator;
  clock: () => Date;
  /** How long the payer's money may stay held (see BillPaymentsOptions.holdTtlMs). */
  holdTtlMs: number;
}

/** Takes a recorded bill payment as far as it goes now, and applies what the aggregator says. */
export class BillPaymentSaga {
  private readonly ledger: Ledger;
  private readonly store: BillPaymentStore;
  private readonly aggregator: BillAggregator;
  private readonly clock: () => Date;
  private readonly holdTtlMs: number;

  constructor(options: BillPaymentSagaOptions) {
    this.ledger = options.ledger;
    this.store = options.store;
    this.aggregator = options.aggregator;
    this.clock = options.clock;
    this.holdTtlMs = options.holdTtlMs;
  }

  /** Drives a recorded intent as far as it goes now. */
  async proceed(intent: BillPaymentIntent, biller: Biller): Promise<BillPaymentResult> {
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
      // S3P has no field of ours besides `trid` (our transfer id, which `verifytx` looks up), so the short reference
      // goes on the transfer only, for the payer's receipt, notice and history line.
      ...(intent.shortReference === undefined ? {} : { shortReference: intent.shortReference }),
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
  async settle(
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

  /** Applies an outcome already recorded: posts or voids the hold, and closes the payment when asked to. */
  async settleRecorded(
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
  async releaseHold(transferId: string): Promise<void> {
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
}
