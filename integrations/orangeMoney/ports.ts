/**
 * Where the Orange Money rail remembers which payToken carries each of our references. Orange has no idempotency
 * key of ours: a payment is known only by the payToken `init` handed out, so this mapping is what makes a repeated
 * request for one reference reach the same payment instead of a second one.
 */
import type { RailDirection } from '../../domain/paymentRail';

/** One reference and the payToken Orange gave it. */
export interface OrangePayTokenRecord {
  /** Our reference (the ledger transfer id); unique. */
  reference: string;
  payToken: string;
  direction: RailDirection;
  createdAt: Date;
}

/** The result of claiming a reference: ours, or the record another caller inserted first. */
export type PayTokenClaim = { claimed: true } | { claimed: false; existing: OrangePayTokenRecord };

/** Port: reference → payToken, decided by an insert into a unique key (the first insert for a reference stands). */
export interface OrangePayTokenStore {
  /** Inserts the record unless its reference is taken; then answers the record that holds it. */
  claim(record: OrangePayTokenRecord): Promise<PayTokenClaim>;
  /** The record for a reference, or null. */
  find(reference: string): Promise<OrangePayTokenRecord | null>;
}
