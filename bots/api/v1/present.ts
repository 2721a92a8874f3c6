/** Domain views to the API's JSON: snake_case keys, ISO dates, an `object` naming the kind. */
import type { z } from 'zod';
import type { MerchantEvent } from '../../../domain/merchants/merchantEvent';
import type { MerchantOverview, MerchantPaymentView, MerchantRefundView } from '../ports';
import type {
  eventResource,
  merchantResource,
  orderResource,
  paymentRequestResource,
  paymentResource,
  refundResource,
} from './schemas/resources';

function iso(date: Date | null): string | null {
  return date === null ? null : date.toISOString();
}

export function presentMerchant(merchant: MerchantOverview): z.infer<typeof merchantResource> {
  return {
    object: 'merchant',
    id: merchant.id,
    name: merchant.name,
    category: merchant.category,
    status: merchant.status,
    kyc_level: merchant.kycLevel,
    balance: { amount: merchant.balance, currency: 'XAF' },
  };
}

function paymentFields(view: MerchantPaymentView) {
  return {
    id: view.id,
    request_id: view.requestId,
    short_reference: view.shortReference,
    merchant_id: view.merchantId,
    payer: view.payer,
    amount: view.amount,
    currency: 'XAF' as const,
    order_reference: view.orderReference,
    description: view.reason,
    source: view.source,
    source_id: view.sourceId,
    status: view.status,
    created_at: view.createdAt.toISOString(),
    expires_at: iso(view.expiresAt),
    paid_at: iso(view.paidAt),
    transfer_id: view.transferId,
    paid_by: view.paidBy,
    pay_url: view.payUrl,
    history: view.history.map((step) => ({ ...step, at: step.at.toISOString() })),
  };
}

export function presentPaymentRequest(view: MerchantPaymentView): z.infer<typeof paymentRequestResource> {
  return { object: 'payment_request', ...paymentFields(view) };
}

export function presentPayment(view: MerchantPaymentView): z.infer<typeof paymentResource> {
  return { object: 'payment', ...paymentFields(view) };
}

export function presentOrder(
  reference: string,
  views: MerchantPaymentView[],
  refunds: MerchantRefundView[],
): z.infer<typeof orderResource> {
  const paid = views.filter((view) => view.paidAt !== null);
  return {
    object: 'order',
    reference,
    paid: paid.length > 0,
    amount_paid: paid.reduce((sum, view) => sum + view.amount, 0),
    currency: 'XAF',
    payment_requests: views.map(presentPaymentRequest),
    amount_refunded: refunds.filter((r) => r.status === 'processed').reduce((sum, r) => sum + r.amount, 0),
    refunds: refunds.map(presentRefund),
  };
}

export function presentEvent(event: MerchantEvent): z.infer<typeof eventResource> {
  return {
    object: 'event',
    id: event._id,
    type: event.type,
    data: event.data,
    created_at: event.createdAt.toISOString(),
  };
}

export function presentRefund(refund: MerchantRefundView): z.infer<typeof refundResource> {
  return {
    object: 'refund',
    id: refund.id,
    payment: refund.paymentId,
    amount: refund.amount,
    currency: 'XAF',
    destination: refund.destination,
    status: refund.status,
    reason: refund.reason,
    failure_reason: refund.failureReason,
    short_reference: refund.shortReference,
    created_at: refund.createdAt.toISOString(),
    processed_at: iso(refund.processedAt),
  };
}
