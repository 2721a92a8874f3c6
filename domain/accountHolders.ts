/**
 * Port: who holds a mobile-money account, as the rail knows it. Shown before a person confirms a payment to a
 * number ("you are sending to Jeanne Mballa"), the habit mobile-money users trust to catch a mistyped number.
 */
import type { Msisdn } from './phone';

/** Looks up the name a rail holds for a number. */
export interface AccountHolderLookup {
  /** The holder's name, or null when the number has no active account or the rail will not say. */
  holderName(msisdn: Msisdn): Promise<string | null>;
}
