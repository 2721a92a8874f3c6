/**
 * Merchant webhooks, the service the API and the dashboard call: endpoints (create, list, enable or disable,
 * delete, rotate the secret), enqueueing an event's deliveries (the event recorder's `afterRecord` hook), the
 * delivery log and re-sends. Deliveries are sent by the worker (webhookWorker.ts).
 */
import type { MerchantEvent, MerchantEventStore } from '../merchantEvent';
import { MERCHANT_EVENT_TYPES, type MerchantEventType } from '../merchantEvent';
import { deliveryId, newDelivery, type WebhookAttempt, type WebhookDelivery } from './deliveries';
import { DeliveryAttempts, type WebhookLogger } from './deliveryAttempts';
import type { WebhookDeliveryStore } from './deliveryStore';
import {
  endpointIdFor,
  endpointView,
  newEndpointId,
  signingSecrets,
  newWebhookSecret,
  wantsEvent,
  type EndpointEvents,
  type WebhookEndpoint,
  type WebhookEndpointView,
  type WebhookSecret,
} from './endpoint';
import type { WebhookEndpointStore } from './endpointStore';
import { checkEndpointUrl, type EndpointUrlPolicy, type EndpointUrlRefusal } from './endpointUrl';
import type { WebhookSender } from './webhookSender';

export interface MerchantWebhooksOptions {
  endpoints: WebhookEndpointStore;
  deliveries: WebhookDeliveryStore;
  events: Pick<MerchantEventStore, 'getEvent'>;
  sender: WebhookSender;
  urlPolicy: EndpointUrlPolicy;
  clock?: () => Date;
  /** Names this process in the attempts it claims (re-sends). */
  owner?: string;
  /** As the worker's: how long an unfinished attempt blocks the next. */
  leaseMs?: number;
  logger?: WebhookLogger;
}

/** A merchant may keep this many endpoints. */
export const MAX_ENDPOINTS_PER_MERCHANT = 16;
/** The longest an old secret may keep signing after a rotation. */
export const MAX_KEEP_OLD_SECRET_HOURS = 7 * 24;

export type CreateEndpointRefusal = EndpointUrlRefusal | 'invalid_events' | 'too_many_endpoints' | 'conflict';

const HOUR = 3_600_000;
// A rotation rewrites the endpoint's secrets; another at the same moment may overwrite it, so it checks and retries.
const ROTATION_TRIES = 3;

export class MerchantWebhooks {
  private readonly clock: () => Date;
  private readonly attempts: DeliveryAttempts;

  constructor(private readonly options: MerchantWebhooksOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.attempts = new DeliveryAttempts({
      deliveries: options.deliveries,
      endpoints: options.endpoints,
      events: options.events,
      sender: options.sender,
      clock: this.clock,
      owner: options.owner ?? `resend:${process.pid}`,
      leaseMs: options.leaseMs ?? 120_000,
      logger: options.logger,
    });
  }

  /**
   * Registers an endpoint; its secret is in this answer only. With the caller's `id` (e.g. derived from an
   * Idempotency-Key) the endpoint's id derives from it and an insert decides: the same id again answers the endpoint
   * already registered, with its current secret, when the url and events match, and `conflict` otherwise.
   */
  async createEndpoint(
    merchantId: string,
    input: { url: string; events: readonly string[]; id?: string },
  ): Promise<
    { ok: true; endpoint: WebhookEndpointView; secret: string } | { ok: false; reason: CreateEndpointRefusal }
  > {
    const url = checkEndpointUrl(input.url, this.options.urlPolicy);
    if (!url.ok) return url;
    const events = eventsOf(input.events);
    if (events === null) return { ok: false, reason: 'invalid_events' };
    const { endpoints } = this.options;
    const _id = input.id === undefined ? newEndpointId() : endpointIdFor(merchantId, input.id);
    if (input.id !== undefined) {
      const earlier = await endpoints.getEndpoint(_id);
      if (earlier) return this.repeated(earlier, merchantId, url.url, events);
    }
    const existing = await endpoints.byMerchant(merchantId);
    if (existing.length >= MAX_ENDPOINTS_PER_MERCHANT) return { ok: false, reason: 'too_many_endpoints' };
    const now = this.clock();
    const secret = newWebhookSecret();
    const endpoint: WebhookEndpoint = {
      _id,
      merchantId,
      url: url.url,
      events,
      secrets: [{ secret, createdAt: now, expiresAt: null }],
      status: 'enabled',
      createdAt: now,
    };
    if ((await endpoints.insertEndpoint(endpoint)) !== 'inserted') {
      const winner = input.id === undefined ? null : await endpoints.getEndpoint(_id);
      if (!winner) throw new Error('a fresh random endpoint id was taken');
      return this.repeated(winner, merchantId, url.url, events);
    }
    return { ok: true, endpoint: endpointView(endpoint), secret };
  }

  /** The merchant's endpoints, oldest first. */
  async listEndpoints(merchantId: string): Promise<WebhookEndpointView[]> {
    return (await this.options.endpoints.byMerchant(merchantId)).map(endpointView);
  }

  /** One of the merchant's endpoints, or null (another merchant's is not found either). */
  async getEndpoint(merchantId: string, endpointId: string): Promise<WebhookEndpointView | null> {
    const endpoint = await this.owned(merchantId, endpointId);
    return endpoint ? endpointView(endpoint) : null;
  }

  /** Stops deliveries to the endpoint: pending ones end `failed` (a re-send can still send them). */
  disable(merchantId: string, endpointId: string): Promise<{ ok: true } | { ok: false; reason: 'not_found' }> {
    return this.setStatus(merchantId, endpointId, 'disabled');
  }

  /** Sends the endpoint new events again. */
  enable(merchantId: string, endpointId: string): Promise<{ ok: true } | { ok: false; reason: 'not_found' }> {
    return this.setStatus(merchantId, endpointId, 'enabled');
  }

  /** Removes the endpoint; its delivery log stays. */
  async deleteEndpoint(
    merchantId: string,
    endpointId: string,
  ): Promise<{ ok: true } | { ok: false; reason: 'not_found' }> {
    if (!(await this.owned(merchantId, endpointId))) return { ok: false, reason: 'not_found' };
    await this.options.endpoints.deleteEndpoint(endpointId);
    return { ok: true };
  }

  /**
   * A new secret, shown in this answer only. The secrets signing until now keep signing for `keepOldForHours`
   * (0 to 168, default 24), so every delivery meanwhile carries a `v1` for each.
   */
  async rotateSecret(
    merchantId: string,
    endpointId: string,
    options: { keepOldForHours?: number } = {},
  ): Promise<{ ok: true; secret: string } | { ok: false; reason: 'not_found' | 'invalid_duration' }> {
    const hours = options.keepOldForHours ?? 24;
    if (!Number.isFinite(hours) || hours < 0 || hours > MAX_KEEP_OLD_SECRET_HOURS) {
      return { ok: false, reason: 'invalid_duration' };
    }
    const secret = newWebhookSecret();
    for (let tries = 0; tries < ROTATION_TRIES; tries += 1) {
      const endpoint = await this.owned(merchantId, endpointId);
      if (!endpoint) return { ok: false, reason: 'not_found' };
      if (endpoint.secrets.some((s) => s.secret === secret)) return { ok: true, secret };
      const now = this.clock();
      const oldUntil = new Date(now.getTime() + hours * HOUR);
      const secrets: WebhookSecret[] = [
        // Already-expired secrets are dropped; the others end at the earlier of their own end and oldUntil.
        ...endpoint.secrets
          .filter((s) => s.expiresAt === null || s.expiresAt.getTime() > now.getTime())
          .map((s) => ({
            ...s,
            expiresAt: s.expiresAt !== null && s.expiresAt.getTime() < oldUntil.getTime() ? s.expiresAt : oldUntil,
          })),
        { secret, createdAt: now, expiresAt: null },
      ];
      await this.options.endpoints.setSecrets(endpointId, secrets);
      const stored = await this.options.endpoints.getEndpoint(endpointId);
      if (stored?.secrets.some((s) => s.secret === secret)) return { ok: true, secret };
    }
    throw new Error('the rotation was overwritten by others each time: try again');
  }

  /**
   * Queues the event for each enabled endpoint of its merchant subscribed to its type; the worker sends. Inserting
   * twice is harmless. Gives the number of deliveries this call created.
   */
  async enqueue(event: MerchantEvent): Promise<number> {
    const endpoints = await this.options.endpoints.byMerchant(event.merchantId);
    const now = this.clock();
    let created = 0;
    for (const endpoint of endpoints.filter((e) => wantsEvent(e, event))) {
      const inserted = await this.options.deliveries.insertDelivery(newDelivery(event, endpoint._id, now));
      if (inserted === 'inserted') created += 1;
    }
    return created;
  }

  /** The deliveries of one of the merchant's events, one per endpoint. */
  deliveriesOf(merchantId: string, eventId: string): Promise<WebhookDelivery[]> {
    return this.options.deliveries.byEvent(merchantId, eventId);
  }

  /**
   * The merchant's deliveries to one endpoint, newest event first, up to `limit` (1 to 100); `before`: a delivery
   * already shown, to read older ones.
   */
  endpointDeliveries(
    merchantId: string,
    endpointId: string,
    page: { limit: number; before?: string },
  ): Promise<WebhookDelivery[]> {
    const limit = Math.max(1, Math.min(page.limit, 100));
    return this.options.deliveries.deliveriesOf(merchantId, endpointId, { limit, before: page.before });
  }

  /** The merchant's deliveries that failed for good, most recent first. */
  failedDeliveries(merchantId: string, limit = 50): Promise<WebhookDelivery[]> {
    return this.options.deliveries.byState(merchantId, 'failed', Math.max(1, Math.min(limit, 100)));
  }

  /** The attempts of one of the merchant's deliveries, first to last; null when it is not the merchant's. */
  async attemptsOf(merchantId: string, deliveryIdValue: string): Promise<WebhookAttempt[] | null> {
    const delivery = await this.options.deliveries.getDelivery(deliveryIdValue);
    if (!delivery || delivery.merchantId !== merchantId) return null;
    return this.options.deliveries.attemptsOf(deliveryIdValue);
  }

  /**
   * Sends the event again now, to one enabled endpoint of the merchant (subscribed to the type or not) or to every
   * enabled endpoint that has or wants it; even after `delivered` or `failed`. Answers each attempt made.
   */
  async resend(
    merchantId: string,
    eventId: string,
    endpointId?: string,
  ): Promise<
    | { ok: true; attempts: WebhookAttempt[] }
    | { ok: false; reason: 'event_not_found' | 'endpoint_not_found' | 'endpoint_disabled' }
  > {
    const event = await this.options.events.getEvent(eventId);
    if (!event || event.merchantId !== merchantId) return { ok: false, reason: 'event_not_found' };
    let targets: WebhookEndpoint[];
    if (endpointId !== undefined) {
      const endpoint = await this.owned(merchantId, endpointId);
      if (!endpoint) return { ok: false, reason: 'endpoint_not_found' };
      if (endpoint.status !== 'enabled') return { ok: false, reason: 'endpoint_disabled' };
      targets = [endpoint];
    } else {
      const delivered = new Set((await this.options.deliveries.byEvent(merchantId, eventId)).map((d) => d.endpointId));
      const all = await this.options.endpoints.byMerchant(merchantId);
      targets = all.filter((e) => e.status === 'enabled' && (delivered.has(e._id) || wantsEvent(e, event)));
    }
    const attempts: WebhookAttempt[] = [];
    for (const endpoint of targets) {
      await this.options.deliveries.insertDelivery(newDelivery(event, endpoint._id, this.clock()));
      const delivery = await this.options.deliveries.getDelivery(deliveryId(eventId, endpoint._id));
      if (!delivery) continue;
      const attempt = await this.attempts.resend(delivery);
      if (attempt) attempts.push(attempt);
    }
    return { ok: true, attempts };
  }

  /** A create under an id already used: the endpoint registered then, when it is what is asked again. */
  private repeated(
    stored: WebhookEndpoint,
    merchantId: string,
    url: string,
    events: EndpointEvents,
  ): { ok: true; endpoint: WebhookEndpointView; secret: string } | { ok: false; reason: 'conflict' } {
    const sameEvents = JSON.stringify([...stored.events].sort()) === JSON.stringify([...events].sort());
    if (stored.merchantId !== merchantId || stored.url !== url || !sameEvents) return { ok: false, reason: 'conflict' };
    // The secret signing now: the one made with it, unless a rotation replaced it since.
    const secret = signingSecrets(stored, this.clock())[0] ?? stored.secrets.at(-1)?.secret;
    if (secret === undefined) throw new Error(`endpoint ${stored._id} has no secret`);
    return { ok: true, endpoint: endpointView(stored), secret };
  }

  private async owned(merchantId: string, endpointId: string): Promise<WebhookEndpoint | null> {
    const endpoint = await this.options.endpoints.getEndpoint(endpointId);
    return endpoint && endpoint.merchantId === merchantId ? endpoint : null;
  }

  private async setStatus(
    merchantId: string,
    endpointId: string,
    status: WebhookEndpoint['status'],
  ): Promise<{ ok: true } | { ok: false; reason: 'not_found' }> {
    if (!(await this.owned(merchantId, endpointId))) return { ok: false, reason: 'not_found' };
    await this.options.endpoints.setStatus(endpointId, status);
    return { ok: true };
  }
}

/** The subscribed types, or null when the list is empty, mixes `*` with types, or names an unknown type. */
function eventsOf(events: readonly string[]): EndpointEvents | null {
  if (events.length === 0) return null;
  if (events.includes('*')) return events.length === 1 ? ['*'] : null;
  const known = new Set<string>(MERCHANT_EVENT_TYPES);
  if (!events.every((e) => known.has(e))) return null;
  return [...new Set(events)] as MerchantEventType[];
}
