/**
 * The merchant API's `refunds` port bound to the refunds service: the API names a payment by the id it shows (a
 * payment request's own id), the service by the request's full id, which is made under the calling merchant's prefix
 * so that another merchant's payment is simply not found.
 */
import type { MerchantRefundsPort, MerchantRefundView } from '../api/ports';
import { merchantRequestId, merchantRequestPrefix } from '../../domain/merchants/merchantPaymentView';
import type { RefundView } from '../../domain/merchants/refunds/refund';
import type { Refunds } from '../../domain/merchants/refunds/refunds';

/** A refund as the API's port shows it: its payment by the id the API gives payments. */
export function merchantRefundView(view: RefundView): MerchantRefundView {
  const prefix = merchantRequestPrefix(view.merchantId);
  return {
    id: view.id,
    paymentId: view.requestId.startsWith(prefix) ? view.requestId.slice(prefix.length) : view.requestId,
    merchantId: view.merchantId,
    amount: view.amount,
    currency: view.currency,
    destination: view.destination,
    status: view.status,
    reason: view.note,
    failureReason: view.reason,
    shortReference: view.shortReference,
    createdAt: view.createdAt,
    processedAt: view.processedAt,
  };
}

/** The API's refunds port over the product's Refunds. */
export function refundApiPort(refunds: Refunds): MerchantRefundsPort {
  return {
    async create(input) {
      const answer = await refunds.refund({
        merchantId: input.merchantId,
        requestId: merchantRequestId(input.merchantId, input.paymentId),
        id: input.id,
        ...(input.amount === undefined ? {} : { amount: input.amount }),
        ...(input.destination === undefined ? {} : { destination: input.destination }),
        ...(input.reason === undefined ? {} : { reason: input.reason }),
      });
      return answer.ok ? { ok: true, refund: merchantRefundView(answer.refund) } : answer;
    },
    async get(merchantId, id) {
      const view = await refunds.get(merchantId, id);
      return view && merchantRefundView(view);
    },
    async list(merchantId, options) {
      const page = await refunds.list(merchantId, {
        limit: options.limit,
        ...(options.startingAfter === undefined ? {} : { startingAfter: options.startingAfter }),
        ...(options.paymentId === undefined ? {} : { requestId: merchantRequestId(merchantId, options.paymentId) }),
      });
      return { data: page.data.map(merchantRefundView), hasMore: page.hasMore };
    },
  };
}
