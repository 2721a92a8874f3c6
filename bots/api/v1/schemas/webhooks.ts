/** Webhook endpoints, deliveries and attempts as the API answers them, and what creates or changes them. */
import { z } from 'zod';
import { MERCHANT_EVENT_TYPES } from '../../../../domain/merchants/merchantEvent';
import { MAX_KEEP_OLD_SECRET_HOURS } from '../../../../domain/merchants/webhooks/webhooks';
import { timestamp } from './common';

const eventTypeOrAll = z.enum(['*', ...MERCHANT_EVENT_TYPES]);

export const webhookEndpointResource = z
  .object({
    object: z.literal('webhook_endpoint'),
    id: z.string(),
    url: z.string(),
    events: z.array(eventTypeOrAll).meta({ description: 'The event types it receives; `["*"]` for all.' }),
    status: z.enum(['enabled', 'disabled']),
    created_at: timestamp,
    secrets: z
      .array(z.object({ created_at: timestamp, expires_at: timestamp.nullable() }))
      .meta({ description: 'When each signing secret was made and stops signing (never their values).' }),
  })
  .meta({ id: 'WebhookEndpoint' });

/** An endpoint just created, or whose secret was just rotated: the new secret, shown in this answer only. */
export const webhookEndpointWithSecretResource = webhookEndpointResource
  .extend({
    secret: z.string().meta({ description: 'The signing secret (`whsec_…`): shown once, keep it like a password.' }),
  })
  .meta({ id: 'WebhookEndpointWithSecret' });

export const deletedWebhookEndpointResource = z
  .object({ object: z.literal('webhook_endpoint'), id: z.string(), deleted: z.literal(true) })
  .meta({ id: 'DeletedWebhookEndpoint' });

export const webhookAttemptResource = z
  .object({
    object: z.literal('webhook_attempt'),
    id: z.string(),
    delivery_id: z.string(),
    endpoint_id: z.string(),
    number: z.number().int().meta({ description: '1 for the first attempt of its delivery.' }),
    trigger: z.enum(['schedule', 'resend']),
    started_at: timestamp,
    finished_at: timestamp.nullable(),
    delivered: z.boolean().nullable().meta({ description: 'Whether the endpoint answered 2xx; null while in flight.' }),
    status_code: z.number().int().nullable(),
    duration_ms: z.number().int().nullable(),
    error: z.string().nullable().meta({ description: 'Why no answer came (timeout, refused…).' }),
    response_snippet: z.string().nullable().meta({ description: 'The start of the answer’s body.' }),
  })
  .meta({ id: 'WebhookAttempt' });

export const webhookDeliveryResource = z
  .object({
    object: z.literal('webhook_delivery'),
    id: z.string(),
    event_id: z.string(),
    endpoint_id: z.string(),
    event_type: z.enum(MERCHANT_EVENT_TYPES),
    state: z.enum(['pending', 'delivered', 'failed']),
    attempt_count: z.number().int(),
    next_attempt_at: timestamp.nullable(),
    last_attempt_at: timestamp.nullable(),
    last_status: z.number().int().nullable(),
    last_error: z.string().nullable(),
    delivered_at: timestamp.nullable(),
    created_at: timestamp,
    attempts: z.array(webhookAttemptResource),
  })
  .meta({ id: 'WebhookDelivery' });

export const webhookResendResource = z
  .object({
    object: z.literal('webhook_resend'),
    event_id: z.string(),
    attempts: z.array(webhookAttemptResource).meta({ description: 'One attempt per endpoint sent to, made now.' }),
  })
  .meta({ id: 'WebhookResend' });

/** What registers an endpoint. */
export const createWebhookEndpointBody = z
  .strictObject({
    url: z
      .string()
      .min(1)
      .max(2048)
      .meta({ description: 'https, to a public address; no user, password or #fragment.' }),
    events: z
      .array(eventTypeOrAll)
      .min(1)
      .max(MERCHANT_EVENT_TYPES.length)
      .meta({ description: 'Event types, or `["*"]` for all of them, present and future.' }),
  })
  .meta({ id: 'CreateWebhookEndpoint' });

/** What rotates an endpoint's secret. */
export const rotateSecretBody = z
  .strictObject({
    keep_old_for_hours: z
      .number()
      .min(0)
      .max(MAX_KEEP_OLD_SECRET_HOURS)
      .optional()
      .meta({ description: 'How long the secrets signing until now keep signing (0-168, default 24).' }),
  })
  .meta({ id: 'RotateWebhookSecret' });

/** What re-sends an event. */
export const resendBody = z
  .strictObject({
    endpoint_id: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .meta({ description: 'One endpoint; by default every enabled endpoint that has or wants the event.' }),
  })
  .meta({ id: 'ResendEvent' });
