/**
 * Payment links: a page (`/l/<code>`, with its QR codes) where anyone pays the merchant, a fixed amount or one the
 * payer chooses, once or many times; made, read, listed and turned off here. Each payment made from a link is a
 * payment request with source `link`, and its events are the payment requests' events.
 */
import { clientIdFor } from '../clientIds';
import { ApiError } from '../errors';
import { presentPaymentLink } from '../presentLinksAndInvoices';
import { refusalError } from '../refusals';
import { answer, defineRoute } from '../route';
import { idParams, listOf, listQuery } from '../schemas/common';
import { createPaymentLinkBody, paymentLinkResource } from '../schemas/linksAndInvoices';

const EXAMPLE_ID = 'pl_0123456789abcdef01234567';

function linkNotFound(): ApiError {
  return new ApiError(404, 'not_found', 'payment_link_not_found', 'No such payment link.', 'id');
}

/** The payment link routes, in the order the docs list them. */
export const paymentLinkRoutes = [
  defineRoute({
    method: 'post',
    path: '/payment_links',
    summary: 'Make a payment link',
    description:
      'A page anyone opens to pay the merchant, with a QR code to print. Without an amount the payer chooses it ' +
      '(within min_amount and max_amount). A link that is not reusable is paid once.',
    body: createPaymentLinkBody,
    status: 201,
    response: paymentLinkResource,
    errors: [400, 403, 409, 422],
    example: { body: { amount: 5000, currency: 'XAF', description: 'Panier de fruits', reusable: true } },
    async handle({ merchantId, body, idempotencyKey, ports }) {
      const made = await ports.paymentLinks.create({
        merchantId,
        id: clientIdFor('api', merchantId, idempotencyKey ?? ''),
        reusable: body.reusable,
        amount: body.amount ?? null,
        minAmount: body.min_amount ?? null,
        maxAmount: body.max_amount ?? null,
        reason: body.description,
        expiresAt: body.expires_at === undefined ? null : new Date(body.expires_at),
        maxPayments: body.max_payments ?? null,
        orderReference: body.order_reference ?? null,
      });
      if (!made.ok) throw refusalError(made.reason, 'payment_link');
      return answer(201, presentPaymentLink(made.link));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/payment_links/:id',
    summary: 'One payment link, with how many times it was paid',
    params: idParams,
    status: 200,
    response: paymentLinkResource,
    errors: [404],
    example: { params: { id: EXAMPLE_ID } },
    async handle({ merchantId, params, ports }) {
      const link = await ports.paymentLinks.get(merchantId, params.id);
      if (!link) throw linkNotFound();
      return answer(200, presentPaymentLink(link));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/payment_links',
    summary: 'The payment links, newest first',
    query: listQuery,
    status: 200,
    response: listOf(paymentLinkResource),
    errors: [400],
    async handle({ merchantId, query, ports }) {
      const page = await ports.paymentLinks.list(merchantId, {
        limit: query.limit,
        ...(query.starting_after === undefined ? {} : { startingAfter: query.starting_after }),
      });
      return answer(200, { object: 'list', data: page.data.map(presentPaymentLink), has_more: page.hasMore });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/payment_links/:id/deactivate',
    summary: 'Turn a payment link off for good',
    description: 'Its page takes no more payments; payments already started may still finish. Again: no change.',
    params: idParams,
    status: 200,
    response: paymentLinkResource,
    errors: [404],
    example: { params: { id: EXAMPLE_ID } },
    async handle({ merchantId, params, ports }) {
      const link = await ports.paymentLinks.deactivate(merchantId, params.id);
      if (!link) throw linkNotFound();
      return answer(200, presentPaymentLink(link));
    },
  }),
];
