/** Events: what happened to the merchant's payments, refunds and invoices, newest first. */
import { ApiError } from '../errors';
import { listPage } from '../pagination';
import { presentEvent } from '../present';
import { answer, defineRoute } from '../route';
import { idParams, listOf, listQuery } from '../schemas/common';
import { eventResource } from '../schemas/resources';

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
    example: { params: { id: 'evt_0123456789abcdef01234567' } },
    async handle({ merchantId, params, ports }) {
      const event = await ports.events.getEvent(params.id);
      // Another merchant's event does not exist for this key.
      if (!event || event.merchantId !== merchantId) {
        throw new ApiError(404, 'not_found', 'event_not_found', 'No such event.', 'id');
      }
      return answer(200, presentEvent(event));
    },
  }),
];
