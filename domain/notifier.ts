/**
 * Port to the outbox: how the product tells a person something later, outside the turn they are in, on the
 * channel they use (the outbox delivers it once per dedupe key).
 */
import type { Notice } from './notifications';
import type { Msisdn } from './phone';

/**
 * Port: tells a person something later, at most once per `dedupeKey` (derive it from what caused the notice, e.g.
 * `topup-succeeded:<transferId>`), so a retried step or a second process never sends it twice.
 */
export interface Notifier {
  notify(to: Msisdn, notice: Notice, dedupeKey: string): Promise<void>;
}
