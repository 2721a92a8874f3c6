/**
 * Refunds: give back all or part of a payment, to the payer's wallet or to the mobile-money account that paid; read
 * one, list them (of one payment with `payment`). The refund's id is derived from the merchant and the
 * Idempotency-Key, so a re-run of the same call (a takeover after a crash) asks the service for the same refund and
 * moves no more money. The payment is looked up among this merchant's only: another merchant's is not found.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ApiError } from '../errors';
import { presentRefund } from '../present';
import { refusalError } from '../refusals';
import { answer, defineRoute } from '../route';
import { idParams, listOf, listQuery } from '../schemas/common';
import { createRefundBody, refundResource } from '../schemas/resources';

/** The id of the refund one merchant's Idempotency-Key creates: `re_` and 24 hex characters. */
export function refundIdFor(merchantId: string, idempotencyKey: string): string {
  return `re_${createHash('sha256').update(`${merchantId}\n${idempotencyKey}`).digest('hex').slice(0, 24)}`;
}

const refundListQuery = listQuery.extend({
  payment: z.string().min(1).max(100).optional().meta({ description: 'Only the refunds of this payment.' }),
});

export const refundRoutes = [
  defineRoute({
    method: 'post',
    path: '/refunds',
    scope: 'refunds',
    summary: 'Refund a payment, wholly or in part',
    description:
      'Without an amount, all that is left to refund. The refunds of a payment never add up to more than was paid, ' +
      'whatever runs at once. A refund starts `pending` and ends `processed` or `failed` (a `refund.*` event each).',
    body: createRefundBody,
    status: 201,
    response: refundResource,
    errors: [400, 404, 409, 422],
    example: { body: { payment: 'mpr_0123456789abcdef01234567', amount: 2000, reason: 'Article manquant' } },
    async handle({ merchantId, body, idempotencyKey, ports }) {
      const outcome = await ports.refunds.create({
        merchantId,
        id: refundIdFor(merchantId, idempotencyKey ?? ''),
        paymentId: body.payment,
        ...(body.amount === undefined ? {} : { amount: body.amount }),
        ...(body.destination === undefined ? {} : { destination: body.destination }),
        ...(body.reason === undefined ? {} : { reason: body.reason }),
      });
      if (!outcome.ok) throw refusalError(outcome.reason);
      return answer(201, presentRefund(outcome.refund));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/refunds/:id',
    summary: 'One refund',
    params: idParams,
    status: 200,
    response: refundResource,
    errors: [404],
    example: { params: { id: 're_0123456789abcdef01234567' } },
    async handle({ merchantId, params, ports }) {
      const refund = await ports.refunds.get(merchantId, params.id);
      if (!refund) throw new ApiError(404, 'not_found', 'refund_not_found', 'No such refund.', 'id');
      return answer(200, presentRefund(refund));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/refunds',
    summary: 'The refunds, newest first',
    query: refundListQuery,
    status: 200,
    response: listOf(refundResource),
    errors: [400],
    example: { query: { limit: '10', payment: 'mpr_0123456789abcdef01234567' } },
    async handle({ merchantId, query, ports }) {
      const page = await ports.refunds.list(merchantId, {
        limit: query.limit,
        ...(query.starting_after === undefined ? {} : { startingAfter: query.starting_after }),
        ...(query.payment === undefined ? {} : { paymentId: query.payment }),
      });
      return answer(200, { object: 'list', data: page.data.map(presentRefund), has_more: page.hasMore });
    },
  }),
];
