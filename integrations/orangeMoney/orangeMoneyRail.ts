/**
 * Orange Money Cameroon as a PaymentRail: collections are merchant payments (`mp/*`, a USSD prompt on the payer's
 * phone), payouts are cash-ins (`cashin/*`).
 *
 * Orange takes no idempotency key of ours: a payment exists only as the payToken `init` handed out. So one
 * reference must never reach `pay` twice. Each request: a reference already stored is accepted as it is; else
 * `init` → insert `{reference, payToken}` (a unique key: the first insert stands, and a caller that loses the race
 * uses the winner's payment and pays nothing) → `pay`. A caller that dies between the insert and `pay` leaves a
 * payToken that was never paid: Orange reports it INITIATED, then EXPIRED, and the payment fails as EXPIRED.
 *
 * Refusals: a number that is not Orange's or an amount that is not whole francs is refused before anything starts;
 * a 4xx on `init` or `pay` (Orange refused the call, e.g. a bad merchant PIN) is UNAVAILABLE, and the reference
 * stays refused (a refused `init` is stored in the payToken's place), so no later call pays under it. A 5xx or a
 * timeout throws: `pay` may have gone through, and `status` tells.
 */
import {
  railText,
  type PaymentRail,
  type RailAcceptance,
  type RailDirection,
  type RailRequest,
  type RailStatus,
} from '../../domain/paymentRail';
import { localNineDigits, parseCameroonMobile } from '../../domain/phone';
import { OrangeMoneyError, type OrangeMoneyClient, type OrangePaymentOrder } from './client';
import { orangeOrderId } from './orderId';
import type { OrangePayTokenRecord, OrangePayTokenStore } from './ports';
import { railStatusOf } from './railStatus';

export interface OrangeMoneyRailOptions {
  client: OrangeMoneyClient;
  store: OrangePayTokenStore;
  /** Orange posts its notifications to `<callbackBaseUrl>/<reference>` (the callback route). */
  callbackBaseUrl: string;
  clock?: () => Date;
}

export class OrangeMoneyRail implements PaymentRail {
  private readonly client: OrangeMoneyClient;
  private readonly store: OrangePayTokenStore;
  private readonly callbackBaseUrl: string;
  private readonly clock: () => Date;

  constructor(options: OrangeMoneyRailOptions) {
    this.client = options.client;
    this.store = options.store;
    this.callbackBaseUrl = options.callbackBaseUrl.replace(/\/+$/, '');
    this.clock = options.clock ?? (() => new Date());
  }

  requestPayment(request: RailRequest): Promise<RailAcceptance> {
    return this.start('collect', request);
  }

  payout(request: RailRequest): Promise<RailAcceptance> {
    return this.start('payout', request);
  }

  /** Orange's status of the payment the reference got; a reference with no payToken (or the other way) NOT_FOUND. */
  async status(direction: RailDirection, reference: string): Promise<RailStatus> {
    const record = await this.store.find(reference);
    if (!record || record.direction !== direction || record.payToken === REFUSED) {
      return { outcome: 'failed', reason: 'NOT_FOUND' };
    }
    const transaction =
      direction === 'collect'
        ? await this.client.paymentStatus(record.payToken)
        : await this.client.cashinStatus(record.payToken);
    return railStatusOf(direction, transaction);
  }

  private async start(direction: RailDirection, request: RailRequest): Promise<RailAcceptance> {
    const subscriber = orangeSubscriber(request.msisdn);
    if (subscriber === null) return { ok: false, reason: 'INVALID_NUMBER' };
    if (!Number.isSafeInteger(request.amount) || request.amount <= 0) return { ok: false, reason: 'INVALID_AMOUNT' };
    // A plain repeat costs no init; the insert below still decides calls that race past this read.
    const known = await this.store.find(request.reference);
    if (known) return acceptanceOf(known);

    const payToken = await refusedAsUnavailable(() =>
      direction === 'collect' ? this.client.initPayment() : this.client.initCashin(),
    );
    // A refusal is a promise that this reference is never paid (the caller releases the money), so it is written
    // down in the reference's place: a call for it that was slower to reach Orange (a stalled process) finds it
    // and pays nothing, instead of paying after the money was released.
    const claim = await this.store.claim({
      reference: request.reference,
      payToken: payToken ?? REFUSED,
      direction,
      createdAt: this.clock(),
    });
    // Another call for this reference inserted first: it pays with its own payToken (ours is left to expire), or
    // it was refused and nobody pays.
    if (!claim.claimed) return acceptanceOf(claim.existing);
    if (payToken === null) return { ok: false, reason: 'UNAVAILABLE' };

    const order = this.order(subscriber, request);
    const paid = await refusedAsUnavailable(() =>
      direction === 'collect' ? this.client.pay(payToken, order) : this.client.cashinPay(payToken, order),
    );
    return paid === null ? { ok: false, reason: 'UNAVAILABLE' } : { ok: true };
  }

  private order(subscriberMsisdn: string, request: RailRequest): OrangePaymentOrder {
    const orderId = orangeOrderId(request.shortReference ?? request.reference);
    const text = railText(request.payerMessage ?? request.payeeNote ?? '');
    return {
      subscriberMsisdn,
      amount: request.amount,
      orderId,
      description: text === '' ? `Order ${orderId}` : text,
      notifUrl: `${this.callbackBaseUrl}/${encodeURIComponent(request.reference)}`,
    };
  }
}

/** The nine digits Orange wants, or null for a number that is not an Orange Cameroon mobile. */
function orangeSubscriber(msisdn: string): string | null {
  const parsed = parseCameroonMobile(`+${msisdn}`);
  return parsed.ok && parsed.operator === 'ORANGE' ? localNineDigits(parsed.msisdn) : null;
}

/** The payToken written for a reference Orange refused to start: nothing is, or will be, paid under it. */
const REFUSED = '';

/** What a repeated request for a known reference answers: in flight under its payToken, or refused for good. */
function acceptanceOf(record: OrangePayTokenRecord): RailAcceptance {
  return record.payToken === REFUSED ? { ok: false, reason: 'UNAVAILABLE' } : { ok: true };
}

/** Runs a call; Orange refusing it (a 4xx) gives null, anything else that fails is thrown as it is. */
async function refusedAsUnavailable<T>(call: () => Promise<T>): Promise<T | null> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof OrangeMoneyError && error.refused) return null;
    throw error;
  }
}
