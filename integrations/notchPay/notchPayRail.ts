/**
 * The card rail through Notch Pay's hosted checkout: a collection creates a Notch Pay payment and answers the page
 * where the payer types their card (`checkoutUrl`); its outcome comes from Notch Pay's status, asked after a
 * webhook or by the reconciler. Cards do not pay out here.
 *
 * Asking twice never makes two payments: the first ask is remembered (NotchPayReferences) with its page, and
 * Notch Pay refuses a reference it already has (409), which we take as "accepted": we then read the existing
 * payment, check it is ours (same amount and currency), and answer without a page when Notch Pay gives none on a
 * read (unconfirmed whether it does). A reference Notch Pay holds for a payment that is not ours (our short
 * reference used elsewhere on the same account) is given up for the transfer id (in the characters Notch Pay
 * takes: fullMerchantReference), and the ask is made again.
 *
 * A checkout stays open at Notch Pay for 3 hours, longer than we hold the money: RailPayments calls a collection
 * still pending off here before its hold ends (`cancelCollection`, Notch Pay's cancel), and believes only the
 * status read after it, so a payer who paid first is still credited.
 */
import type { CancellableRail } from '../../domain/railPayments/railCancellation';
import type {
  PaymentRail,
  RailAcceptance,
  RailDirection,
  RailFailure,
  RailRequest,
  RailStatus,
} from '../../domain/paymentRail';
import { NotchPayError, type NotchPayClient, type NotchPayPayment } from './client';
import {
  fullMerchantReference,
  NOTCH_REFERENCE,
  type NotchPayReference,
  type NotchPayReferences,
} from './referenceStore';

export interface NotchPayRailOptions {
  client: NotchPayClient;
  references: NotchPayReferences;
  /** Where the payer's browser returns after the checkout page (Notch Pay's `callback`). */
  returnUrl: string;
  /** What the payer sees when we have no message for them. */
  defaultDescription?: string;
  clock?: () => Date;
}

/** How each Notch Pay status reads on the port; a status not listed here is a fault, never a guess. */
const OUTCOMES: Record<string, RailStatus> = {
  complete: { outcome: 'succeeded' },
  pending: { outcome: 'pending' },
  processing: { outcome: 'pending' },
  // The payer paid less than asked, and may still pay the rest.
  incomplete: { outcome: 'pending' },
  failed: { outcome: 'failed', reason: 'PAYER_FAILED' },
  canceled: { outcome: 'failed', reason: 'REJECTED' },
  cancelled: { outcome: 'failed', reason: 'REJECTED' },
  rejected: { outcome: 'failed', reason: 'REJECTED' },
  abandoned: { outcome: 'failed', reason: 'REJECTED' },
  expired: { outcome: 'failed', reason: 'EXPIRED' },
  // Money given back before we credited it: nothing came in.
  refunded: { outcome: 'failed', reason: 'REJECTED' },
};

/** `status` for a reference Notch Pay (or we) never heard of. */
const NOT_FOUND: RailStatus = { outcome: 'failed', reason: 'NOT_FOUND' satisfies RailFailure };

/** PaymentRail for `card`, through Notch Pay. */
export class NotchPayRail implements PaymentRail, CancellableRail {
  private readonly clock: () => Date;

  constructor(private readonly options: NotchPayRailOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  async requestPayment(request: RailRequest): Promise<RailAcceptance> {
    if (!Number.isSafeInteger(request.amount) || request.amount <= 0) return { ok: false, reason: 'INVALID_AMOUNT' };
    if (!/^2376\d{8}$/.test(request.msisdn)) return { ok: false, reason: 'INVALID_NUMBER' };
    const full = fullMerchantReference(request.reference);
    const wanted =
      request.shortReference && NOTCH_REFERENCE.test(request.shortReference) ? request.shortReference : full;

    let row = await this.options.references.claim(request.reference, wanted, this.clock());
    if (row.authorizationUrl) return { ok: true, checkoutUrl: row.authorizationUrl };
    for (;;) {
      const answer = await this.initialize(row, request);
      if (answer !== 'taken_elsewhere') return answer;
      if (row.merchantReference === full) {
        throw new NotchPayError('initialize', 'duplicate_reference', 409, 'reference held by another payment');
      }
      row = await this.options.references.useFullReference(request.reference);
    }
  }

  /** Cards do not pay out here: a refusal, so nothing is ever held for it. */
  payout(_request: RailRequest): Promise<RailAcceptance> {
    return Promise.resolve({ ok: false, reason: 'UNAVAILABLE' });
  }

  async status(direction: RailDirection, reference: string): Promise<RailStatus> {
    if (direction !== 'collect') return NOT_FOUND;
    const row = await this.options.references.get(reference);
    // Never asked of Notch Pay by this rail (the row is written before the first ask).
    if (!row) return NOT_FOUND;
    const payment = await this.options.client.retrieve(row.notchReference ?? row.merchantReference);
    if (!payment) return NOT_FOUND;
    const status = OUTCOMES[payment.status];
    if (!status) throw new NotchPayError('retrieve', 'server_error', 200, `unknown status ${payment.status}`);
    return status;
  }

  /**
   * Asks Notch Pay to cancel the checkout of a collection, then answers its status as Notch Pay gives it after that
   * (canceled: failed; paid first: succeeded). Whether Notch Pay accepted the cancel does not matter: its status does.
   */
  async cancelCollection(reference: string): Promise<RailStatus> {
    const row = await this.options.references.get(reference);
    if (!row) return NOT_FOUND;
    await this.options.client.cancel(row.notchReference ?? row.merchantReference);
    return this.status('collect', reference);
  }

  private async initialize(row: NotchPayReference, request: RailRequest): Promise<RailAcceptance | 'taken_elsewhere'> {
    try {
      const created = await this.options.client.initialize({
        amount: request.amount,
        currency: 'XAF',
        customer: { phone: `+${request.msisdn}` },
        description: request.payerMessage ?? this.options.defaultDescription ?? 'Top-up',
        callback: request.returnUrl ?? this.options.returnUrl,
        reference: row.merchantReference,
      });
      await this.options.references.noteInitialized(row._id, created.payment.reference, created.authorizationUrl);
      return { ok: true, checkoutUrl: created.authorizationUrl };
    } catch (error) {
      if (!(error instanceof NotchPayError)) throw error;
      if (error.kind === 'duplicate_reference') return this.adoptExisting(row, request);
      if (error.kind === 'invalid_request') return { ok: false, reason: refusalOf(error.fields) };
      // A wrong key: Notch Pay surely did nothing, and will not until someone fixes the settings.
      if (error.kind === 'unauthorized') return { ok: false, reason: 'UNAVAILABLE' };
      throw error;
    }
  }

  /** Notch Pay already has this reference: ours from an earlier ask (accepted), or someone else's. */
  private async adoptExisting(
    row: NotchPayReference,
    request: RailRequest,
  ): Promise<RailAcceptance | 'taken_elsewhere'> {
    const existing = await this.options.client.retrieve(row.merchantReference);
    if (!existing) {
      throw new NotchPayError('retrieve', 'server_error', 404, 'a taken reference could not be read');
    }
    if (!isOurs(existing, request)) return 'taken_elsewhere';
    await this.options.references.noteInitialized(row._id, existing.reference);
    return { ok: true };
  }
}

function isOurs(payment: NotchPayPayment, request: RailRequest): boolean {
  return payment.amount === request.amount && payment.currency === 'XAF';
}

/** Which field Notch Pay refused (its 422 `errors`), as the port's refusal. */
function refusalOf(fields: readonly string[]): 'INVALID_AMOUNT' | 'INVALID_NUMBER' | 'UNAVAILABLE' {
  if (fields.some((field) => field === 'amount' || field === 'currency')) return 'INVALID_AMOUNT';
  if (fields.some((field) => /phone|customer/.test(field))) return 'INVALID_NUMBER';
  return 'UNAVAILABLE';
}
