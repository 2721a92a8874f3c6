/**
 * The PIN step every money-moving flow ends with: its service (provided at wiring) and the reply for each outcome.
 * The PIN travels only in the event and the invoked check's input, never in a flow's context, so it is not in a
 * saved snapshot; the runtime does not save a turn that timed out while checking a PIN.
 */
import { fromPromise } from 'xstate';
import { dateParam } from '../domain/notifications';
import type { PinCheck } from '../domain/people';
import type { Msisdn } from '../domain/phone';
import { end, text, type Reply } from './conversation';

/** The placeholder of a service a flow calls; wiring replaces it with the real one (`machine.provide`). */
export function notProvided(name: string): () => Promise<never> {
  return () => Promise.reject(new Error(`the ${name} service is provided at wiring`));
}

/** Checks a person's PIN (People.checkPin). */
export const checkPinActor = fromPromise<PinCheck, { msisdn: Msisdn; pin: string }>(notProvided('checkPin'));

/** What to say after a failed PIN check: try again, or locked (which ends the flow). */
export function pinRefusal(check: PinCheck): Reply {
  if (check.ok) throw new Error('the PIN was right');
  return check.reason === 'PIN_LOCKED'
    ? end('common.pinLocked', { until: dateParam(check.until) })
    : text('common.wrongPin', { triesLeft: check.triesLeft });
}

/** Whether a PIN check's outcome ends the flow (locked). */
export function pinLocked(check: PinCheck): boolean {
  return !check.ok && check.reason === 'PIN_LOCKED';
}
