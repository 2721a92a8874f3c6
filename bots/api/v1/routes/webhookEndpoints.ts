/**
 * Webhook endpoints: register a URL for some event types (its signing secret shown in that answer only), list and
 * read them, disable, enable, rotate the secret (the old one keeps signing a while), delete.
 */
import type { CreateEndpointRefusal } from '../../../../domain/merchants/webhooks/webhooks';
import type { MerchantWebhooksPort } from '../../ports';
import { clientIdFor } from '../clientIds';
import { ApiError } from '../errors';
import { presentWebhookEndpoint } from '../presentWebhooks';
import { answer, defineRoute } from '../route';
import { idParams, listOf } from '../schemas/common';
import {
  createWebhookEndpointBody,
  deletedWebhookEndpointResource,
  rotateSecretBody,
  webhookEndpointResource,
  webhookEndpointWithSecretResource,
} from '../schemas/webhooks';

const EXAMPLE_ID = 'we_abcdefghijklmnop';

const CREATE_REFUSALS: Readonly<Record<CreateEndpointRefusal, () => ApiError>> = {
  invalid_url: () =>
    new ApiError(400, 'invalid_request', 'url_invalid', 'The URL must be http(s), without user, password or #.', 'url'),
  insecure_url: () => new ApiError(400, 'invalid_request', 'url_insecure', 'The URL must be https.', 'url'),
  private_address: () =>
    new ApiError(
      400,
      'invalid_request',
      'url_private_address',
      'The URL must reach a public address (not localhost, a private network or link-local).',
      'url',
    ),
  invalid_events: () =>
    new ApiError(
      400,
      'invalid_request',
      'events_invalid',
      'Give known event types, or ["*"] alone for all of them.',
      'events',
    ),
  too_many_endpoints: () =>
    new ApiError(409, 'conflict', 'too_many_webhook_endpoints', 'A merchant may keep 16 webhook endpoints.'),
  conflict: () =>
    new ApiError(
      409,
      'conflict',
      'conflict',
      'An endpoint was already registered by this call with another url or events.',
    ),
};

function endpointNotFound(): ApiError {
  return new ApiError(404, 'not_found', 'webhook_endpoint_not_found', 'No such webhook endpoint.', 'id');
}

/** The endpoint as it is now (after a change), or a 404. */
async function current(webhooks: MerchantWebhooksPort, merchantId: string, id: string) {
  const endpoint = await webhooks.getEndpoint(merchantId, id);
  if (!endpoint) throw endpointNotFound();
  return presentWebhookEndpoint(endpoint);
}

export const webhookEndpointRoutes = [
  defineRoute({
    method: 'post',
    path: '/webhook_endpoints',
    summary: 'Register a webhook endpoint',
    description:
      'Events of the chosen types are POSTed to the URL, signed with the secret in this answer (shown only here).',
    body: createWebhookEndpointBody,
    status: 201,
    response: webhookEndpointWithSecretResource,
    errors: [400, 409, 422],
    example: { body: { url: 'https://shop.example.com/webhooks/chatpay', events: ['payment.succeeded'] } },
    async handle({ merchantId, body, idempotencyKey, ports }) {
      // The endpoint's id derives from the key, so a call taken over after a crash registers nothing more.
      const created = await ports.webhooks.createEndpoint(merchantId, {
        url: body.url,
        events: body.events,
        ...(idempotencyKey ? { id: clientIdFor('api', merchantId, idempotencyKey) } : {}),
      });
      if (!created.ok) throw CREATE_REFUSALS[created.reason]();
      return answer(201, { ...presentWebhookEndpoint(created.endpoint), secret: created.secret });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/webhook_endpoints',
    summary: 'The webhook endpoints, oldest first',
    status: 200,
    response: listOf(webhookEndpointResource),
    async handle({ merchantId, ports }) {
      const endpoints = await ports.webhooks.listEndpoints(merchantId);
      return answer(200, { object: 'list', data: endpoints.map(presentWebhookEndpoint), has_more: false });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/webhook_endpoints/:id',
    summary: 'One webhook endpoint',
    params: idParams,
    status: 200,
    response: webhookEndpointResource,
    errors: [404],
    example: { params: { id: EXAMPLE_ID } },
    async handle({ merchantId, params, ports }) {
      return answer(200, await current(ports.webhooks, merchantId, params.id));
    },
  }),
  defineRoute({
    method: 'post',
    path: '/webhook_endpoints/:id/disable',
    summary: 'Stop deliveries to an endpoint',
    description: 'Its pending deliveries end failed (a re-send can still send them).',
    params: idParams,
    status: 200,
    response: webhookEndpointResource,
    errors: [404, 409, 422],
    example: { params: { id: EXAMPLE_ID } },
    async handle({ merchantId, params, ports }) {
      if (!(await ports.webhooks.disable(merchantId, params.id)).ok) throw endpointNotFound();
      return answer(200, await current(ports.webhooks, merchantId, params.id));
    },
  }),
  defineRoute({
    method: 'post',
    path: '/webhook_endpoints/:id/enable',
    summary: 'Send an endpoint new events again',
    params: idParams,
    status: 200,
    response: webhookEndpointResource,
    errors: [404, 409, 422],
    example: { params: { id: EXAMPLE_ID } },
    async handle({ merchantId, params, ports }) {
      if (!(await ports.webhooks.enable(merchantId, params.id)).ok) throw endpointNotFound();
      return answer(200, await current(ports.webhooks, merchantId, params.id));
    },
  }),
  defineRoute({
    method: 'post',
    path: '/webhook_endpoints/:id/rotate_secret',
    summary: "Rotate an endpoint's signing secret",
    description:
      'The new secret is in this answer only; the secrets signing until now keep signing for keep_old_for_hours (default 24), so every delivery meanwhile carries a v1 for each.',
    params: idParams,
    body: rotateSecretBody,
    status: 200,
    response: webhookEndpointWithSecretResource,
    errors: [400, 404, 409, 422],
    example: { params: { id: EXAMPLE_ID }, body: { keep_old_for_hours: 24 } },
    async handle({ merchantId, params, body, ports }) {
      const rotated = await ports.webhooks.rotateSecret(merchantId, params.id, {
        ...(body.keep_old_for_hours === undefined ? {} : { keepOldForHours: body.keep_old_for_hours }),
      });
      if (!rotated.ok && rotated.reason === 'not_found') throw endpointNotFound();
      if (!rotated.ok) {
        throw new ApiError(
          400,
          'invalid_request',
          'parameter_invalid',
          'keep_old_for_hours: 0 to 168',
          'keep_old_for_hours',
        );
      }
      return answer(200, { ...(await current(ports.webhooks, merchantId, params.id)), secret: rotated.secret });
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/webhook_endpoints/:id',
    summary: 'Delete a webhook endpoint',
    description: 'Its delivery log stays.',
    params: idParams,
    status: 200,
    response: deletedWebhookEndpointResource,
    errors: [404],
    example: { params: { id: EXAMPLE_ID } },
    async handle({ merchantId, params, ports }) {
      if (!(await ports.webhooks.deleteEndpoint(merchantId, params.id)).ok) throw endpointNotFound();
      return answer(200, { object: 'webhook_endpoint', id: params.id, deleted: true });
    },
  }),
];
