/**
 * Port to where the links of payment requests are kept: the token that opens a request's pay page, and the hosted
 * checkout page a card attempt sends the payer to. Both are insert-once: the first stands, so a retry of a request's
 * creation shares the link already sent, and every reader of a card attempt finds the same checkout.
 */
import type { InsertResult } from '../ledger/ledgerStore';

/** A request's pay link: `_id` is the request id (one link per request); `token` is unique too. */
export interface PayLink {
  _id: string;
  token: string;
  createdAt: Date;
}

/** Where a card attempt's payer pays: `_id` is the attempt's transfer id. */
export interface PayCheckout {
  _id: string;
  url: string;
  at: Date;
}

/** Port: one store call per method; `insertLink` and `insertCheckout` decide, nothing is ever updated. */
export interface PayLinkStore {
  /** `duplicate` when the request already has a link, or (never in practice) the token is taken. */
  insertLink(link: PayLink): Promise<InsertResult>;
  byRequest(requestId: string): Promise<PayLink | null>;
  byToken(token: string): Promise<PayLink | null>;
  insertCheckout(checkout: PayCheckout): Promise<InsertResult>;
  checkout(id: string): Promise<PayCheckout | null>;
}
