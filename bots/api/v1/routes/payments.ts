/** Payments: the payment requests that were paid, and the orders they belong to. */
import { z } from 'zod';
import { ApiError } from '../errors';
import { listPage } from '../pagination';
import { presentOrder, presentPayment } from '../present';
import { answer, defineRoute } from '../route';
import { idParams, listOf, listQuery } from '../schemas/common';
import { orderResource, paymentResource } from '../schemas/resources';

export const paymentRoutes = [
  defineRoute({
    method: 'get',
    path: '/payments',
    summary: 'The payments received, newest first',
    query: listQuery,
    status: 200,
    response: listOf(paymentResource),
    errors: [400],
    async handle({ merchantId, query, ports }) {
      const page = await listPage(
        query,
        (o) => ports.requests.list(merchantId, { ...o, paidOnly: true }),
        presentPayment,
      );
      return answer(200, page);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/payments/:id',
    summary: 'One payment',
    params: idParams,
    status: 200,
    response: paymentResource,
    errors: [404],
    example: { params: { id: 'mpr_0123456789abcdef01234567' } },
    async handle({ merchantId, params, ports }) {
      const view = await ports.requests.get(merchantId, params.id);
      if (!view || view.paidAt === null)
        throw new ApiError(404, 'not_found', 'payment_not_found', 'No such payment.', 'id');
      return answer(200, presentPayment(view));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/orders/:reference',
    summary: 'An order: its payment requests, whether it is paid, and its refunds',
    params: z.strictObject({ reference: z.string().min(1).max(100) }),
    status: 200,
    response: orderResource,
    errors: [404],
    example: { params: { reference: 'A-1001' } },
    async handle({ merchantId, params, ports }) {
      const views = await ports.requests.byOrderReference(merchantId, params.reference);
      if (views.length === 0) {
        throw new ApiError(
          404,
          'not_found',
          'order_not_found',
          'No payment request has this order reference.',
          'reference',
        );
      }
      // An order's refunds are few: one page of each paid payment's holds them all.
      const refunds = [];
      for (const view of views.filter((v) => v.paidAt !== null)) {
        const page = await ports.refunds.list(merchantId, { limit: 100, paymentId: view.id });
        refunds.push(...page.data);
      }
      refunds.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
      return answer(200, presentOrder(params.reference, views, refunds));
    },
  }),
];
