/**
 * Events: what happened to the merchant's payments, refunds and invoices, newest first; each event's webhook
 * deliveries with their attempts, and a re-send.
 */
import type { MerchantApiPorts } from '../../ports';
import { ApiError } from '../errors';
import { listPage } from '../pagination';
import { presentEvent } from '../present';
import { presentWebhookAttempt, presentWebhookDelivery } from '../presentWebhooks';
import { answer, defineRoute } from '../route';
import { idParams, listOf, listQuery } from '../schemas/common';
import { eventResource } from '../schemas/resources';
import { resendBody, webhookDeliveryResource, webhookResendResource } from '../schemas/webhooks';

const EXAMPLE_EVENT_ID = 'evt_0123456789abcdef01234567';

/** The merchant's event, or a 404 (another merchant's event does not exist for this key). */
async function ownEvent(ports: MerchantApiPorts, merchantId: string, id: string) {
  const event = await ports.events.getEvent(id);
  if (!event || event.merchantId !== merchantId) {
    throw new ApiError(404, 'not_found', 'event_not_found', 'No such event.', 'id');
  }
  return event;
}

export const eventRoutes = [
  defineRoute({
    method: 'get',
    path: '/events',
    summary: 'The events, newest first',
    query: listQuery,
    status: 200,
    response: listOf(eventResource),
    errors: [400],
    async handle({ merchantId, query, ports }) {
      return answer(200, await listPage(query, (o) => ports.events.list(merchantId, o), presentEvent));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/events/:id',
    summary: 'One event',
    params: idParams,
    status: 200,
    response: eventResource,
    errors: [404],
    example: { params: { id: EXAMPLE_EVENT_ID } },
    async handle({ merchantId, params, ports }) {
      return answer(200, presentEvent(await ownEvent(ports, merchantId, params.id)));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/events/:id/deliveries',
    summary: "An event's webhook deliveries, one per endpoint, with their attempts",
    params: idParams,
    status: 200,
    response: listOf(webhookDeliveryResource),
    errors: [404],
    example: { params: { id: EXAMPLE_EVENT_ID } },
    async handle({ merchantId, params, ports }) {
      const event = await ownEvent(ports, merchantId, params.id);
      const deliveries = await ports.webhooks.deliveriesOf(merchantId, event._id);
      const data = [];
      for (const delivery of deliveries) {
        const attempts = (await ports.webhooks.attemptsOf(merchantId, delivery._id)) ?? [];
        data.push(presentWebhookDelivery(delivery, attempts));
      }
      return answer(200, { object: 'list', data, has_more: false });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/events/:id/resend',
    summary: 'Send an event again now',
    description:
      'To one endpoint (enabled; subscribed to the type or not), or to every enabled endpoint that has or wants the event; even after it was delivered or failed. The attempts are in the delivery log.',
    params: idParams,
    body: resendBody,
    status: 200,
    response: webhookResendResource,
    errors: [400, 404, 409, 422],
    example: { params: { id: EXAMPLE_EVENT_ID }, body: {} },
    async handle({ merchantId, params, body, ports }) {
      const event = await ownEvent(ports, merchantId, params.id);
      const resent = await ports.webhooks.resend(merchantId, event._id, body.endpoint_id);
      if (!resent.ok) {
        if (resent.reason === 'event_not_found') {
          throw new ApiError(404, 'not_found', 'event_not_found', 'No such event.', 'id');
        }
        if (resent.reason === 'endpoint_not_found') {
          throw new ApiError(
            404,
            'not_found',
            'webhook_endpoint_not_found',
            'No such webhook endpoint.',
            'endpoint_id',
          );
        }
        throw new ApiError(409, 'conflict', 'webhook_endpoint_disabled', 'This endpoint is disabled.', 'endpoint_id');
      }
      return answer(200, {
        object: 'webhook_resend',
        event_id: event._id,
        attempts: resent.attempts.map(presentWebhookAttempt),
      });
    },
  }),
];
