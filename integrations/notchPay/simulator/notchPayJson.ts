/**
 * The shapes of Notch Pay's answers, as the simulator writes them: a payment (`transaction`), the envelopes of
 * its answers and errors, and a webhook event. Field names follow Notch Pay's API reference and its SDKs.
 */
import { notchId, type SimulatedNotchPayment } from './simulatedPayments';

/** A payment as Notch Pay's API shows it. */
export function transactionJson(payment: SimulatedNotchPayment) {
  return {
    amount: payment.amount,
    amount_total: payment.amount,
    sandbox: true,
    fee: 0,
    converted_amount: payment.amount,
    customer: payment.customer.id,
    description: payment.description,
    reference: payment._id,
    merchant_reference: payment.merchantReference,
    trxref: payment.merchantReference,
    status: payment.status,
    currency: payment.currency,
    locked_currency: payment.currency,
    callback: payment.callback,
    ...(payment.card
      ? { payment_method: { channel: 'card', brand: payment.card.brand, last4: payment.card.last4 } }
      : {}),
    created_at: payment.createdAt.toISOString(),
    updated_at: payment.updatedAt.toISOString(),
    ...(payment.completedAt ? { completed_at: payment.completedAt.toISOString() } : {}),
  };
}

const REASONS: Record<number, string> = {
  200: 'OK',
  201: 'Accepted',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  422: 'Unprocessable Entity',
  500: 'Internal Server Error',
};

/** Notch Pay's error envelope; `errors` lists messages per field (422). */
export function errorJson(code: number, message: string, errors?: Record<string, string[]>) {
  return { code, status: REASONS[code] ?? 'Error', message, ...(errors ? { errors } : {}) };
}

/** The webhook event names by final status. */
const EVENTS: Record<string, string> = {
  complete: 'payment.complete',
  failed: 'payment.failed',
  canceled: 'payment.canceled',
  expired: 'payment.expired',
};

/**
 * A webhook event for a payment that reached a final status. Older documentation names the event in `event`,
 * the current reference in `type`: both are sent.
 */
export function webhookEventJson(payment: SimulatedNotchPayment, now: Date) {
  const name = EVENTS[payment.status] ?? `payment.${payment.status}`;
  return { id: notchId('evt'), event: name, type: name, created_at: now.toISOString(), data: transactionJson(payment) };
}
