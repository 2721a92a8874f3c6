/**
 * Payment requests: ask a payer (any Cameroonian mobile number) to pay the merchant, read one, list them. The
 * request's id is derived from the merchant and the Idempotency-Key, so a re-run of the same call (a takeover after
 * a crash) asks the service for the same request and creates nothing more.
 */
import { createHash } from 'node:crypto';
import { parseCameroonMobile } from '../../../../domain/phone';
import { ApiError } from '../errors';
import { listPage } from '../pagination';
import { presentPaymentRequest } from '../present';
import { refusalError } from '../refusals';
import { answer, defineRoute } from '../route';
import { idParams, listOf, listQuery } from '../schemas/common';
import { createPaymentRequestBody, paymentRequestResource } from '../schemas/resources';

/** The id of the payment request one merchant's Idempotency-Key creates: `mpr_` and 24 hex characters. */
export function paymentRequestIdFor(merchantId: string, idempotencyKey: string): string {
  return `mpr_${createHash('sha256').update(`${merchantId}\n${idempotencyKey}`).digest('hex').slice(0, 24)}`;
}

export const paymentRequestRoutes = [
  defineRoute({
    method: 'post',
    path: '/payment_requests',
    summary: 'Ask a payer to pay',
    description:
      'The payer gets a message (or an SMS with a pay link when they have no wallet) and pays from their chat or the link.',
    body: createPaymentRequestBody,
    status: 201,
    response: paymentRequestResource,
    errors: [400, 409, 422],
    example: { body: { amount: 5000, currency: 'XAF', payer: '677 12 34 56', order_reference: 'A-1001' } },
    async handle({ merchantId, body, idempotencyKey, ports }) {
      const payer = parseCameroonMobile(body.payer);
      if (!payer.ok) {
        throw new ApiError(
          400,
          'invalid_request',
          'payer_invalid',
          'The payer must be a Cameroonian mobile number.',
          'payer',
        );
      }
      const outcome = await ports.requests.create({
        merchantId,
        id: paymentRequestIdFor(merchantId, idempotencyKey ?? ''),
        payer: payer.msisdn,
        amount: body.amount,
        orderReference: body.order_reference ?? null,
        reason: body.description ?? null,
        ...(body.expires_in_days === undefined ? {} : { expiresInDays: body.expires_in_days }),
        source: 'api',
      });
      if (!outcome.ok) throw refusalError(outcome.reason);
      return answer(201, presentPaymentRequest(outcome.payment));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/payment_requests/:id',
    summary: 'One payment request',
    params: idParams,
    status: 200,
    response: paymentRequestResource,
    errors: [404],
    example: { params: { id: 'mpr_0123456789abcdef01234567' } },
    async handle({ merchantId, params, ports }) {
      const view = await ports.requests.get(merchantId, params.id);
      if (!view) throw new ApiError(404, 'not_found', 'payment_request_not_found', 'No such payment request.', 'id');
      return answer(200, presentPaymentRequest(view));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/payment_requests',
    summary: 'The payment requests, newest first',
    query: listQuery,
    status: 200,
    response: listOf(paymentRequestResource),
    errors: [400],
    example: { query: { limit: '10' } },
    async handle({ merchantId, query, ports }) {
      const page = await listPage(query, (o) => ports.requests.list(merchantId, o), presentPaymentRequest);
      return answer(200, page);
    },
  }),
];
