/**
 * One attempt at a delivery, for the worker (the next scheduled attempt) and for a merchant's re-send: claim
 * attempt n by inserting its row, sign and send, write the outcome on the row, then cache it on the delivery. A
 * worker that finds attempt n claimed by someone else reads that row: finished, it caches what was decided (the
 * other process may have died before caching it); unfinished for longer than the lease, its process died or hung,
 * and attempt n counts as failed so n + 1 can go.
 */
import type { MerchantEventStore } from '../merchantEvent';
import {
  attemptId,
  nextAttemptAfterFailure,
  RETRY_WINDOW_MS,
  webhookBody,
  type WebhookAttempt,
  type WebhookDelivery,
} from './deliveries';
import type { AttemptResult, WebhookDeliveryStore } from './deliveryStore';
import { signingSecrets } from './endpoint';
import type { WebhookEndpointStore } from './endpointStore';
import { signatureHeader, SIGNATURE_HEADER } from './webhookSignature';
import type { WebhookSender } from './webhookSender';

/** The few logger methods used (pino's signature). */
export interface WebhookLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface DeliveryAttemptsOptions {
  deliveries: WebhookDeliveryStore;
  endpoints: WebhookEndpointStore;
  events: Pick<MerchantEventStore, 'getEvent'>;
  sender: WebhookSender;
  clock: () => Date;
  /** Names this process in the attempts it claims. */
  owner: string;
  /** How long a claimed attempt may stay unfinished before it is taken for abandoned; above any send timeout. */
  leaseMs: number;
  logger?: WebhookLogger;
}

/** How one scheduled attempt went for the worker. */
export type AttemptOutcome = 'delivered' | 'retrying' | 'failed' | 'skipped';

export const WEBHOOK_USER_AGENT = 'ChatPay-Webhooks/1.0';
const SNIPPET_LENGTH = 500;
const ERROR_LENGTH = 200;
// Claims lost to other processes before this worker leaves a delivery to the next pass.
const MAX_ROUNDS = 3;
// A re-send racing the worker for attempt n takes the next free number instead.
const MAX_RESEND_CLAIMS = 5;

export class DeliveryAttempts {
  constructor(private readonly options: DeliveryAttemptsOptions) {}

  /** Makes the next scheduled attempt of a due delivery, unless another process holds it. */
  async attemptDue(delivery: WebhookDelivery): Promise<AttemptOutcome> {
    let current = delivery;
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const n = current.attempts + 1;
      const attempt = this.newAttempt(current, n, 'schedule');
      if ((await this.options.deliveries.insertAttempt(attempt)) === 'inserted') return this.send(current, attempt);
      const held = await this.options.deliveries.getAttempt(attempt._id);
      if (held === null) return 'skipped';
      if (held.finishedAt !== null) await this.cache(current, held);
      else if (!(await this.takeOverIfAbandoned(current, held))) return 'skipped';
      const fresh = await this.options.deliveries.getDelivery(current._id);
      const now = this.options.clock();
      if (!fresh || fresh.state !== 'pending' || (fresh.nextAttemptAt ?? now).getTime() > now.getTime()) {
        return 'skipped';
      }
      current = fresh;
    }
    return 'skipped';
  }

  /** A new attempt now, whatever the delivery's state: the first free attempt number is claimed and sent. */
  async resend(delivery: WebhookDelivery): Promise<WebhookAttempt | null> {
    const attempts = await this.options.deliveries.attemptsOf(delivery._id);
    let n = Math.max(delivery.attempts, ...attempts.map((a) => a.n)) + 1;
    for (let tries = 0; tries < MAX_RESEND_CLAIMS; tries += 1, n += 1) {
      const attempt = this.newAttempt(delivery, n, 'resend');
      if ((await this.options.deliveries.insertAttempt(attempt)) !== 'inserted') continue;
      await this.send(delivery, attempt);
      return this.options.deliveries.getAttempt(attempt._id);
    }
    return null;
  }

  private newAttempt(delivery: WebhookDelivery, n: number, trigger: WebhookAttempt['trigger']): WebhookAttempt {
    return {
      _id: attemptId(delivery._id, n),
      deliveryId: delivery._id,
      merchantId: delivery.merchantId,
      n,
      trigger,
      owner: this.options.owner,
      claimedAt: this.options.clock(),
      finishedAt: null,
      delivered: null,
      statusCode: null,
      durationMs: null,
      error: null,
      responseSnippet: null,
    };
  }

  /** Sends a claimed attempt and records how it went. */
  private async send(delivery: WebhookDelivery, attempt: WebhookAttempt): Promise<AttemptOutcome> {
    const [endpoint, event] = await Promise.all([
      this.options.endpoints.getEndpoint(delivery.endpointId),
      this.options.events.getEvent(delivery.eventId),
    ]);
    let result: AttemptResult;
    if (endpoint === null || endpoint.status !== 'enabled' || event === null) {
      // Nothing to send to (or nothing to send): the attempt is recorded with why, and the delivery stops.
      const error = endpoint === null ? 'endpoint deleted' : event === null ? 'event not found' : 'endpoint disabled';
      result = this.unsent(error);
      await this.options.deliveries.finishAttempt(attempt._id, result);
      await this.options.deliveries.markFailed(delivery._id, attempt.n, result, null);
      return 'failed';
    }
    const body = webhookBody(event);
    const now = this.options.clock();
    const answer = await this.options.sender.send({
      url: endpoint.url,
      body,
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': WEBHOOK_USER_AGENT,
        'X-Event-Id': event._id,
        'X-Event-Type': event.type,
        'X-Webhook-Attempt': String(attempt.n),
        [SIGNATURE_HEADER]: signatureHeader(signingSecrets(endpoint, now), body, Math.floor(now.getTime() / 1000)),
      },
    });
    const delivered = answer.answered && answer.status >= 200 && answer.status < 300;
    result = {
      at: this.options.clock(),
      delivered,
      statusCode: answer.answered ? answer.status : null,
      durationMs: Math.round(answer.durationMs),
      error: delivered ? null : (answer.answered ? `HTTP ${answer.status}` : answer.message).slice(0, ERROR_LENGTH),
      responseSnippet: answer.answered ? answer.body.slice(0, SNIPPET_LENGTH) : null,
    };
    await this.options.deliveries.finishAttempt(attempt._id, result);
    const fields = { delivery: delivery._id, endpoint: endpoint._id, attempt: attempt.n, trigger: attempt.trigger };
    if (delivered) {
      await this.options.deliveries.markDelivered(delivery._id, attempt.n, result);
      this.options.logger?.info({ ...fields, status: result.statusCode }, 'webhooks: delivered');
      return 'delivered';
    }
    const next = nextAttemptAfterFailure(delivery.eventCreatedAt, attempt.n, result.at);
    await this.options.deliveries.markFailed(delivery._id, attempt.n, result, next);
    this.options.logger?.warn(
      { ...fields, status: result.statusCode, error: result.error, retryAt: next?.toISOString() ?? null },
      next ? 'webhooks: attempt failed, will retry' : 'webhooks: delivery failed for good',
    );
    return next ? 'retrying' : 'failed';
  }

  private unsent(error: string): AttemptResult {
    return {
      at: this.options.clock(),
      delivered: false,
      statusCode: null,
      durationMs: null,
      error,
      responseSnippet: null,
    };
  }

  /** Caches on the delivery what another process decided for one of its attempts. */
  private async cache(delivery: WebhookDelivery, attempt: WebhookAttempt): Promise<void> {
    const result: AttemptResult = {
      at: attempt.finishedAt ?? this.options.clock(),
      delivered: attempt.delivered === true,
      statusCode: attempt.statusCode,
      durationMs: attempt.durationMs,
      error: attempt.error,
      responseSnippet: attempt.responseSnippet,
    };
    if (result.delivered) return this.options.deliveries.markDelivered(delivery._id, attempt.n, result);
    const next = nextAttemptAfterFailure(delivery.eventCreatedAt, attempt.n, result.at);
    return this.options.deliveries.markFailed(delivery._id, attempt.n, result, next);
  }

  /** True when the attempt was abandoned and now counts as failed (the next may go at once). */
  private async takeOverIfAbandoned(delivery: WebhookDelivery, attempt: WebhookAttempt): Promise<boolean> {
    const now = this.options.clock();
    if (now.getTime() - attempt.claimedAt.getTime() < this.options.leaseMs) return false;
    const windowOver = now.getTime() >= delivery.eventCreatedAt.getTime() + RETRY_WINDOW_MS;
    const result = this.unsent(`no outcome recorded by ${attempt.owner} (abandoned)`);
    await this.options.deliveries.markFailed(delivery._id, attempt.n, result, windowOver ? null : now);
    this.options.logger?.warn(
      { delivery: delivery._id, attempt: attempt.n, owner: attempt.owner },
      'webhooks: abandoned attempt taken over',
    );
    return true;
  }
}
