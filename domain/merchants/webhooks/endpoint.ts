/**
 * A merchant's webhook endpoint: a URL that receives the merchant's events, signed with the endpoint's secrets.
 * A secret is kept as is, not hashed: it must sign every delivery. It is shown once, at creation or rotation, and
 * never logged. During a rotation the old secret keeps signing (a second `v1`) until it expires, so a merchant can
 * deploy the new one without missing a delivery.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { MerchantEvent, MerchantEventType } from '../merchantEvent';

/** `'*'` subscribes to every type, present and future. */
export type EndpointEvents = MerchantEventType[] | ['*'];

export interface WebhookSecret {
  /** `whsec_` and 32 random bytes in base64url. */
  secret: string;
  createdAt: Date;
  /** Null while current; set by a rotation, after which it no longer signs. */
  expiresAt: Date | null;
}

export interface WebhookEndpoint {
  /** `we_` and 16 lowercase base32 characters: random, or derived from the caller's id (endpointIdFor). */
  _id: string;
  merchantId: string;
  url: string;
  events: EndpointEvents;
  secrets: WebhookSecret[];
  status: 'enabled' | 'disabled';
  createdAt: Date;
}

/** An endpoint as the API and the dashboard show it: its secrets' dates, never their values. */
export type WebhookEndpointView = Omit<WebhookEndpoint, 'secrets'> & {
  secrets: { createdAt: Date; expiresAt: Date | null }[];
};

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** A fresh endpoint id. */
export function newEndpointId(): string {
  return idOf(randomBytes(16));
}

/** The id of the endpoint a caller asks for under its own id: the same merchant and caller's id, the same endpoint. */
export function endpointIdFor(merchantId: string, clientId: string): string {
  return idOf(createHash('sha256').update(`${merchantId}\u0000${clientId}`).digest());
}

function idOf(bytes: Uint8Array): string {
  return `we_${Array.from(bytes.subarray(0, 16), (byte) => BASE32[byte & 31]).join('')}`;
}

/** A fresh signing secret. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** Whether the endpoint takes events of this type. */
export function subscribes(endpoint: Pick<WebhookEndpoint, 'events'>, type: MerchantEventType): boolean {
  return (endpoint.events as string[]).includes('*') || (endpoint.events as string[]).includes(type);
}

/**
 * Whether an event goes to this endpoint by itself: enabled, subscribed to its type, and registered by the time it
 * happened (an endpoint added today does not receive yesterday's events; a re-send may still send them).
 */
export function wantsEvent(
  endpoint: WebhookEndpoint,
  event: Pick<MerchantEvent, 'merchantId' | 'type' | 'createdAt'>,
): boolean {
  return (
    endpoint.status === 'enabled' &&
    endpoint.merchantId === event.merchantId &&
    subscribes(endpoint, event.type) &&
    endpoint.createdAt.getTime() <= event.createdAt.getTime()
  );
}

/** The secrets that sign at `now`: each not yet expired, newest first. */
export function signingSecrets(endpoint: Pick<WebhookEndpoint, 'secrets'>, now: Date): string[] {
  return endpoint.secrets
    .filter((s) => s.expiresAt === null || s.expiresAt.getTime() > now.getTime())
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
    .map((s) => s.secret);
}

/** The endpoint without its secrets' values. */
export function endpointView(endpoint: WebhookEndpoint): WebhookEndpointView {
  return {
    _id: endpoint._id,
    merchantId: endpoint.merchantId,
    url: endpoint.url,
    events: endpoint.events,
    status: endpoint.status,
    createdAt: endpoint.createdAt,
    secrets: endpoint.secrets.map((s) => ({ createdAt: s.createdAt, expiresAt: s.expiresAt })),
  };
}
