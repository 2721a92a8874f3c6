/**
 * The MTN MoMo rail: the PaymentRail port on MTN's Open API. A request to pay collects, a transfer pays out, and
 * their status GETs say how a payment went.
 *
 * Answers become the port's values: 202 is an acceptance, and so is 409 RESOURCE_ALREADY_EXIST (MTN already has
 * this reference: it was sent before, and a retry must never become a second payment under a new id). A 400 that
 * names the number or the amount is a refusal: MTN created nothing and never will. Everything else (5xx, a
 * timeout, no connection, an unexpected answer) throws: MTN may or may not have the payment, and the caller
 * settles it by asking `status` later.
 */
import type { AccountHolderAnswer, AccountHolderLookup } from '../../domain/accountHolders';
import type {
  PaymentRail,
  RailAcceptance,
  RailDirection,
  RailFailure,
  RailRequest,
  RailStatus,
} from '../../domain/paymentRail';
import type { Msisdn } from '../../domain/phone';
import { MtnMomoError, type MtnMomoClient, type MtnPaymentOrder } from './client';
import { mtnReferenceId } from './referenceId';

export interface MtnMomoRailOptions {
  client: MtnMomoClient;
  /** ISO 4217: XAF in production (mtncameroon), EUR in MTN's sandbox. Amounts are whole francs either way. */
  currency: string;
  /**
   * Where MTN calls back: the payment's reference is appended (`<base>/<encodeURIComponent(reference)>`), since
   * MTN's callback body may not carry it. Unset: no X-Callback-Url, and payments are settled by status calls.
   */
  callbackBaseUrl?: string;
}

/** MTN's failure reasons, as the port names them; any other reason is PAYER_FAILED. */
const FAILURES: Readonly<Record<string, RailFailure>> = {
  APPROVAL_REJECTED: 'REJECTED',
  EXPIRED: 'EXPIRED',
  PAYER_NOT_FOUND: 'PAYER_NOT_FOUND',
  PAYEE_NOT_ALLOWED_TO_RECEIVE: 'PAYEE_NOT_ALLOWED',
  NOT_ENOUGH_FUNDS: 'NOT_ENOUGH_FUNDS',
  PAYER_LIMIT_REACHED: 'LIMIT_REACHED',
};

/** The MTN MoMo rail (also the account holder lookup: MTN knows the names of its customers). */
export class MtnMomoRail implements PaymentRail, AccountHolderLookup {
  private readonly client: MtnMomoClient;
  private readonly currency: string;
  private readonly callbackBaseUrl: string | undefined;

  constructor(options: MtnMomoRailOptions) {
    this.client = options.client;
    this.currency = options.currency;
    this.callbackBaseUrl = options.callbackBaseUrl?.replace(/\/+$/, '');
  }

  requestPayment(request: RailRequest): Promise<RailAcceptance> {
    return this.accept(() => this.client.requestToPay(mtnReferenceId(request.reference), this.order(request)));
  }

  payout(request: RailRequest): Promise<RailAcceptance> {
    return this.accept(() => this.client.transfer(mtnReferenceId(request.reference), this.order(request)));
  }

  async status(direction: RailDirection, reference: string): Promise<RailStatus> {
    const referenceId = mtnReferenceId(reference);
    let transaction;
    try {
      transaction =
        direction === 'collect'
          ? await this.client.requestToPayStatus(referenceId)
          : await this.client.transferStatus(referenceId);
    } catch (error) {
      if (error instanceof MtnMomoError && error.kind === 'http' && error.status === 404) {
        return { outcome: 'failed', reason: 'NOT_FOUND' };
      }
      throw error;
    }
    switch (transaction.status) {
      case 'SUCCESSFUL':
        return { outcome: 'succeeded' };
      case 'PENDING':
        return { outcome: 'pending' };
      case 'FAILED':
        return { outcome: 'failed', reason: FAILURES[transaction.reason ?? ''] ?? 'PAYER_FAILED' };
    }
  }

  /**
   * Whether the number holds an active MoMo account (`…/active`; false for a number MTN does not know), and then
   * the name MTN holds (`…/basicuserinfo`). A fault of the first call throws: nobody knows; a fault of the second
   * only loses the name (the account is active all the same).
   */
  async accountHolder(msisdn: Msisdn): Promise<AccountHolderAnswer> {
    if (!(await this.client.isAccountHolderActive(msisdn))) return { active: false };
    try {
      const info = await this.client.basicUserInfo(msisdn);
      const name = [info.givenName, info.familyName].filter((part) => part && part.trim() !== '').join(' ');
      return { active: true, name: name !== '' ? name : info.name?.trim() || null };
    } catch (error) {
      if (error instanceof MtnMomoError) return { active: true, name: null };
      throw error;
    }
  }

  private order(request: RailRequest): MtnPaymentOrder {
    return {
      amount: String(request.amount),
      currency: this.currency,
      externalId: request.shortReference ?? request.reference,
      msisdn: request.msisdn,
      ...(request.payerMessage === undefined ? {} : { payerMessage: request.payerMessage }),
      ...(request.payeeNote === undefined ? {} : { payeeNote: request.payeeNote }),
      ...(this.callbackBaseUrl === undefined
        ? {}
        : { callbackUrl: `${this.callbackBaseUrl}/${encodeURIComponent(request.reference)}` }),
    };
  }

  private async accept(send: () => Promise<void>): Promise<RailAcceptance> {
    try {
      await send();
      return { ok: true };
    } catch (error) {
      if (!(error instanceof MtnMomoError) || error.kind !== 'http') throw error;
      if (error.status === 409 && error.code === 'RESOURCE_ALREADY_EXIST') return { ok: true };
      if (error.status === 400) {
        const refusal = refusalOf(error);
        if (refusal) return { ok: false, reason: refusal };
      }
      throw error;
    }
  }
}

/**
 * A 400 that says what was wrong with the request: the number (MTN's PAYER_NOT_FOUND / PAYEE_NOT_FOUND, whose
 * description is "MSISDN format must include country code") or the amount. Other 400s (a header, a currency, a
 * character MTN refuses) are our own mistakes: thrown, so they are seen, not shown to a person as their fault.
 */
function refusalOf(error: MtnMomoError): 'INVALID_NUMBER' | 'INVALID_AMOUNT' | null {
  const said = `${error.code ?? ''} ${error.mtnMessage ?? ''}`.toUpperCase();
  if (/PAYER_NOT_FOUND|PAYEE_NOT_FOUND|MSISDN|PARTY/.test(said)) return 'INVALID_NUMBER';
  if (/AMOUNT/.test(said)) return 'INVALID_AMOUNT';
  return null;
}
