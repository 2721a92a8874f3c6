/**
 * A merchant's payment link: a public page (`/l/<code>`) where anyone may pay the merchant, for a fixed amount or
 * one the payer chooses within bounds. Each payment made from it is a merchant payment request (source `link`).
 * A link with `maxPayments` is paid at most that many times: each request takes a slot first (linkSlot.ts).
 */
import type { Msisdn } from '../../phone';

export interface PaymentLink {
  /** `pl_` and 24 hex characters of a hash of the merchant and the caller's id: the same id is the same link. */
  _id: string;
  merchantId: string;
  /** The caller's idempotency id. */
  clientId: string;
  /** The public code, unique (linkCode.ts). */
  code: string;
  reusable: boolean;
  /** Null: the payer chooses, within `minAmount`..`maxAmount`. */
  amount: number | null;
  minAmount: number | null;
  maxAmount: number | null;
  reason: string;
  expiresAt: Date | null;
  /** Null: no limit (a reusable link without a maximum). A single-use link has 1. */
  maxPayments: number | null;
  orderReference: string | null;
  createdAt: Date;
  /** Set once by deactivate; never cleared. */
  deactivatedAt: Date | null;
}

/**
 * A slot of a link: one request made from it. `_id` is `<linkId>#<slot>#<generation>`; a limited link has slots
 * `0`..`maxPayments-1` and a slot whose request ended unpaid is taken again by inserting its next generation, so
 * two payers never hold the same slot and the paid requests never outnumber the slots. An unlimited link names
 * each slot after its attempt.
 */
export interface LinkSlot {
  _id: string;
  linkId: string;
  slot: string;
  generation: number;
  /**
   * The request made in this slot; null on a generation that releases the slot (the request could not be made),
   * so the next payer takes the next generation at once.
   */
  requestId: string | null;
  payer: Msisdn | null;
  amount: number;
  at: Date;
}

/** The port of links and their slots. Inserts decide; `deactivate` only sets a date once. */
export interface PaymentLinkStore {
  /** `duplicate` when the id or the code is taken. */
  insertLink(link: PaymentLink): Promise<'inserted' | 'duplicate'>;
  getLink(id: string): Promise<PaymentLink | null>;
  byCode(code: string): Promise<PaymentLink | null>;
  /** A merchant's links, newest first, after the link `startingAfter` when given; at most `limit`. */
  list(merchantId: string, options: { limit: number; startingAfter?: string }): Promise<PaymentLink[]>;
  deactivate(id: string, at: Date): Promise<void>;
  insertSlot(slot: LinkSlot): Promise<'inserted' | 'duplicate'>;
  /** Every slot (all generations) of a link, in any order. */
  slots(linkId: string): Promise<LinkSlot[]>;
}
