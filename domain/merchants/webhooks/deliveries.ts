/**
 * Deliveries of events to endpoints. A delivery (`<event id>:<endpoint id>`) is inserted once per event and
 * endpoint, so enqueueing twice is harmless. Each attempt at it is claimed by inserting its attempt row
 * (`<delivery id>#<n>`) before anything is sent: two workers never send attempt n twice. The attempt rows are the
 * log and the truth; the delivery's state, attempt count and next attempt time are a cache written after them, so a
 * stale cache only makes a worker look again (its claim of a decided attempt fails, and it reads what was decided).
 *
 * Any 2xx acknowledges. Anything else (another status, a timeout, a refused connection) is retried after 1 min,
 * 5 min, 30 min, 2 h, 5 h, 10 h, then every 12 h, the last attempt at 72 h after the event; then it is `failed`.
 */
import type { MerchantEvent } from '../merchantEvent';

export type DeliveryState = 'pending' | 'delivered' | 'failed';

export interface WebhookDelivery {
  /** `<event id>:<endpoint id>`. */
  _id: string;
  merchantId: string;
  eventId: string;
  endpointId: string;
  eventType: MerchantEvent['type'];
  /** Retries end 72 h after this. */
  eventCreatedAt: Date;
  createdAt: Date;
  state: DeliveryState;
  /** The number of the last attempt decided (0 before the first). */
  attempts: number;
  /** When the next attempt is due; null once delivered or failed. */
  nextAttemptAt: Date | null;
  lastAttemptAt: Date | null;
  /** The HTTP status of the last attempt, null when there was no answer. */
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
}

/** One attempt: inserted (claimed) before sending, then finished with what happened. */
export interface WebhookAttempt {
  /** `<delivery id>#<n>`. */
  _id: string;
  deliveryId: string;
  merchantId: string;
  /** 1 for the first. */
  n: number;
  /** `schedule`: the worker's; `resend`: asked for by the merchant. */
  trigger: 'schedule' | 'resend';
  /** Which process sent it (host, pid and a random suffix). */
  owner: string;
  claimedAt: Date;
  /** Null while in flight, or forever if its process died (the next attempt then goes after a lease). */
  finishedAt: Date | null;
  delivered: boolean | null;
  statusCode: number | null;
  durationMs: number | null;
  error: string | null;
  /** The start of the answer's body, capped. */
  responseSnippet: string | null;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The waits after the first, second… failed attempt; after the last one listed, every 12 h. */
export const RETRY_DELAYS_MS: readonly number[] = [MINUTE, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR];
export const LATER_RETRY_DELAY_MS = 12 * HOUR;
/** No automatic attempt later than this after the event. */
export const RETRY_WINDOW_MS = 72 * HOUR;

/** The delivery's id for an event and an endpoint. */
export function deliveryId(eventId: string, endpointId: string): string {
  return `${eventId}:${endpointId}`;
}

/** The id of attempt n of a delivery. */
export function attemptId(deliveryIdValue: string, n: number): string {
  return `${deliveryIdValue}#${n}`;
}

/**
 * When to try again after attempt `failedAttempt` failed at `now`: the schedule's wait, brought back to the end of
 * the window so the last attempt happens at 72 h; null (failed) once the window is over.
 */
export function nextAttemptAfterFailure(eventCreatedAt: Date, failedAttempt: number, now: Date): Date | null {
  const deadline = eventCreatedAt.getTime() + RETRY_WINDOW_MS;
  if (now.getTime() >= deadline) return null;
  const wait = RETRY_DELAYS_MS[failedAttempt - 1] ?? LATER_RETRY_DELAY_MS;
  return new Date(Math.min(now.getTime() + wait, deadline));
}

/** A new delivery, due now. */
export function newDelivery(event: MerchantEvent, endpointId: string, now: Date): WebhookDelivery {
  return {
    _id: deliveryId(event._id, endpointId),
    merchantId: event.merchantId,
    eventId: event._id,
    endpointId,
    eventType: event.type,
    eventCreatedAt: event.createdAt,
    createdAt: now,
    state: 'pending',
    attempts: 0,
    nextAttemptAt: now,
    lastAttemptAt: null,
    lastStatus: null,
    lastError: null,
    deliveredAt: null,
  };
}

/** The body of a delivery, the same on every attempt (the signature covers these exact bytes). */
export function webhookBody(event: MerchantEvent): string {
  return JSON.stringify({
    id: event._id,
    object: 'event',
    type: event.type,
    created: Math.floor(event.createdAt.getTime() / 1000),
    data: { object: event.data },
  });
}
