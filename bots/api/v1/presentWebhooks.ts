/** Webhook endpoints, deliveries and attempts to the API's JSON: snake_case keys, ISO dates, an `object`. */
import type { z } from 'zod';
import type { WebhookAttempt, WebhookDelivery } from '../../../domain/merchants/webhooks/deliveries';
import type { WebhookEndpointView } from '../../../domain/merchants/webhooks/endpoint';
import type { webhookAttemptResource, webhookDeliveryResource, webhookEndpointResource } from './schemas/webhooks';

function iso(date: Date | null): string | null {
  return date === null ? null : date.toISOString();
}

export function presentWebhookEndpoint(endpoint: WebhookEndpointView): z.infer<typeof webhookEndpointResource> {
  return {
    object: 'webhook_endpoint',
    id: endpoint._id,
    url: endpoint.url,
    events: [...endpoint.events],
    status: endpoint.status,
    created_at: endpoint.createdAt.toISOString(),
    secrets: endpoint.secrets.map((s) => ({ created_at: s.createdAt.toISOString(), expires_at: iso(s.expiresAt) })),
  };
}

/** An attempt; its endpoint is read from its delivery's id (`<event id>:<endpoint id>`). */
export function presentWebhookAttempt(attempt: WebhookAttempt): z.infer<typeof webhookAttemptResource> {
  return {
    object: 'webhook_attempt',
    id: attempt._id,
    delivery_id: attempt.deliveryId,
    endpoint_id: attempt.deliveryId.slice(attempt.deliveryId.lastIndexOf(':') + 1),
    number: attempt.n,
    trigger: attempt.trigger,
    started_at: attempt.claimedAt.toISOString(),
    finished_at: iso(attempt.finishedAt),
    delivered: attempt.delivered,
    status_code: attempt.statusCode,
    duration_ms: attempt.durationMs === null ? null : Math.round(attempt.durationMs),
    error: attempt.error,
    response_snippet: attempt.responseSnippet,
  };
}

export function presentWebhookDelivery(
  delivery: WebhookDelivery,
  attempts: readonly WebhookAttempt[],
): z.infer<typeof webhookDeliveryResource> {
  return {
    object: 'webhook_delivery',
    id: delivery._id,
    event_id: delivery.eventId,
    endpoint_id: delivery.endpointId,
    event_type: delivery.eventType,
    state: delivery.state,
    attempt_count: delivery.attempts,
    next_attempt_at: iso(delivery.nextAttemptAt),
    last_attempt_at: iso(delivery.lastAttemptAt),
    last_status: delivery.lastStatus,
    last_error: delivery.lastError,
    delivered_at: iso(delivery.deliveredAt),
    created_at: delivery.createdAt.toISOString(),
    attempts: attempts.map(presentWebhookAttempt),
  };
}
