/**
 * Port to the payment rails money enters and leaves by (MTN MoMo, Orange Money, cards): collect from a payer,
 * pay out to a payee, and ask how a payment went. One adapter per rail: a real client, or the simulator
 * (integrations/rails/); the domain never knows which.
 */
import type { Rail } from './ledger/accounts';
import type { Francs } from './money';
import type { Msisdn } from './phone';

/** `collect`: the rail takes money from a payer (MTN request to pay). `payout`: the rail pays a payee. */
export type RailDirection = 'collect' | 'payout';

/** One payment asked of a rail. */
export interface RailRequest {
  /** Our ledger transfer id: the rail's reference for this payment, so asking twice makes one payment. */
  reference: string;
  /** The payer (collect) or the payee (payout). */
  msisdn: Msisdn;
  /** What the rail moves: for a collection, everything the payer pays (amount and fee). */
  amount: Francs;
  /**
   * MTN's `payerMessage`: shown to the payer with the request (at most 160 characters, no apostrophes; see
   * railText). A collection names who asks for the money, so a stranger's phone never shows a bare prompt.
   */
  payerMessage?: string;
  /** MTN's `payeeNote`: written on our side of the payment. */
  payeeNote?: string;
  /**
   * The operation's short reference (8-10 characters a person can read out), sent as the provider's own reference
   * (MTN `externalId`, Orange `orderId`, the card provider's `reference`) so the provider's records, the receipt
   * and the history line show the same thing. Adapters send `reference` when it is absent.
   */
  shortReference?: string;
  /**
   * Where a hosted checkout (cards) sends the payer's browser back: a pay page's status. Adapters use their
   * configured return page when it is absent.
   */
  returnUrl?: string;
}

/** The most characters MTN accepts in `payerMessage` and `payeeNote`. */
export const RAIL_TEXT_MAX = 160;

/**
 * A text as the rails accept it: MTN refuses apostrophes and messages over 160 characters, and a name typed at
 * sign-up may hold anything, so everything but letters, digits, spaces and `+ - . , : ( )` becomes a space.
 */
export function railText(text: string): string {
  const safe = text
    .normalize('NFC')
    .replace(/[^\p{L}\p{N} +\-.,:()]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return safe.slice(0, RAIL_TEXT_MAX).trim();
}

/**
 * Why a rail refused a request at once. A refusal is a promise that the rail will never act on the reference;
 * an adapter that is not sure (a timeout, a 500) throws instead, and the payment is settled by asking `status`.
 */
export type RailRefusal = 'INVALID_NUMBER' | 'INVALID_AMOUNT' | 'UNAVAILABLE';

/**
 * Accepted: the rail will act on the reference. A hosted checkout (cards) also gives the page where the payer
 * pays; the payer's phone is not prompted.
 */
export type RailAcceptance = { ok: true; checkoutUrl?: string } | { ok: false; reason: RailRefusal };

/**
 * Why a rail says a payment failed, after MTN's reasons. `NOT_FOUND`: the rail never heard of the reference
 * (MTN's 404), which may also mean our request is still on its way.
 */
export type RailFailure =
  | 'PAYER_FAILED'
  | 'REJECTED'
  | 'EXPIRED'
  | 'PAYER_NOT_FOUND'
  | 'PAYEE_NOT_ALLOWED'
  | 'NOT_ENOUGH_FUNDS'
  | 'LIMIT_REACHED'
  | 'NOT_FOUND'
  /** A bank transfer's own reasons (integrations/bankTransfer): no such account, closed, another holder's name. */
  | 'INVALID_ACCOUNT'
  | 'ACCOUNT_CLOSED'
  | 'NAME_MISMATCH'
  | 'BANK_UNAVAILABLE';

/** What the rail says about a reference now. */
export type RailStatus = { outcome: 'succeeded' } | { outcome: 'pending' } | { outcome: 'failed'; reason: RailFailure };

/** Port: one payment rail. Requests are idempotent by reference, like MTN's X-Reference-Id (409 on a repeat). */
export interface PaymentRail {
  /** Asks the payer to pay (a prompt on their phone); the outcome comes later, by callback or `status`. */
  requestPayment(request: RailRequest): Promise<RailAcceptance>;
  /** Pays the payee; the outcome comes later, by callback or `status`. */
  payout(request: RailRequest): Promise<RailAcceptance>;
  /** The payment's outcome as the rail knows it; throws when the rail cannot be asked. */
  status(direction: RailDirection, reference: string): Promise<RailStatus>;
}

/** The adapters this deployment has, by rail. */
export type PaymentRails = Partial<Record<Rail, PaymentRail>>;

/**
 * What a rail's callback tells us: only a hint that something changed for a reference. It is never believed
 * (callbacks can be forged, lost or repeated): the rail's `status` is asked before anything moves.
 */
export interface RailCallback {
  reference: string;
  rail?: Rail;
}

/** The function a rail calls back (the simulator in-process; a provider's HTTP callback route later). */
export type RailCallbackHandler = (callback: RailCallback) => Promise<unknown>;
