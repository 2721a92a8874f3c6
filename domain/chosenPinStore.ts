/**
 * A new PIN between the two messages that choose and confirm it: its hash waits here, server-side, keyed by the
 * number, because a conversation's saved session must never hold a PIN or a PIN's hash.
 */
import type { Msisdn } from './phone';

/** Port: one waiting PIN hash per number; `put` replaces the one waiting. */
export interface ChosenPinStore {
  put(msisdn: Msisdn, pinHash: string, at: Date): Promise<void>;
  get(msisdn: Msisdn): Promise<{ pinHash: string; at: Date } | null>;
  remove(msisdn: Msisdn): Promise<void>;
}
