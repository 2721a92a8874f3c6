/**
 * The one place that turns a domain service's refusal (`{ok: false, reason}`) into an API answer: its status, type,
 * code and a message saying what to do. A reason not listed is a conflict named by its own code.
 */
import { ApiError, type ApiErrorType } from './errors';

interface RefusalAnswer {
  status: number;
  type: ApiErrorType;
  message: string;
  field?: string;
}

const REFUSALS: Readonly<Record<string, RefusalAnswer>> = {
  MERCHANT_NOT_FOUND: { status: 404, type: 'not_found', message: 'This merchant does not exist.' },
  MERCHANT_SUSPENDED: { status: 403, type: 'permission', message: 'This merchant is suspended: it collects nothing.' },
  MERCHANT_CLOSED: { status: 403, type: 'permission', message: 'This merchant is closed.' },
  OVER_PAYMENT_LIMIT: {
    status: 400,
    type: 'invalid_request',
    field: 'amount',
    message: "The amount is above this merchant's limit per payment for its KYC level.",
  },
  OVER_DAILY_LIMIT: {
    status: 400,
    type: 'invalid_request',
    field: 'amount',
    message: "This amount would pass the merchant's daily limit for its KYC level.",
  },
  INVALID_AMOUNT: { status: 400, type: 'invalid_request', field: 'amount', message: 'The amount is not valid.' },
  INVALID_PAYER: { status: 400, type: 'invalid_request', field: 'payer', message: 'The payer is not valid.' },
  PAYER_IS_MERCHANT: {
    status: 400,
    type: 'invalid_request',
    field: 'payer',
    message: "The payer is the merchant's own owner.",
  },
  PAYER_BLOCKED: {
    status: 400,
    type: 'invalid_request',
    field: 'payer',
    message: 'This payer cannot be asked to pay.',
  },
  NOT_FOUND: { status: 404, type: 'not_found', message: 'No such resource.' },
  ALREADY_PAID: { status: 409, type: 'conflict', message: 'This payment request is already paid.' },
  EXPIRED: { status: 409, type: 'conflict', message: 'This payment request has expired.' },
  CANCELLED: { status: 409, type: 'conflict', message: 'This payment request was cancelled.' },
  // Refunds (Refunds.refund's RefundRefusal).
  PAYMENT_NOT_FOUND: { status: 404, type: 'not_found', field: 'payment', message: 'No such payment.' },
  NOT_PAID: { status: 409, type: 'conflict', field: 'payment', message: 'This payment request is not paid.' },
  EXCEEDS_REFUNDABLE: {
    status: 400,
    type: 'invalid_request',
    field: 'amount',
    message: 'The amount is above what is left to refund of this payment (what was paid minus earlier refunds).',
  },
  DESTINATION_UNAVAILABLE: {
    status: 400,
    type: 'invalid_request',
    field: 'destination',
    message:
      'This payment cannot be refunded there: mobile money only to the account that paid, a wallet only to a payer who has one.',
  },
  INSUFFICIENT_FUNDS: {
    status: 409,
    type: 'conflict',
    message: "The merchant's balance cannot cover this refund: it was recorded as failed, nothing was moved.",
  },
  CONFLICT: {
    status: 409,
    type: 'conflict',
    message: 'A refund with the id this idempotency key gives was made for another payment, amount or destination.',
  },
  ID_TAKEN: {
    status: 409,
    type: 'conflict',
    message: 'A different resource already has the id this idempotency key gives; use another key.',
  },
};

/** The API error a refusal is answered with. */
export function refusalError(reason: string): ApiError {
  const code = reason.toLowerCase();
  const known = REFUSALS[reason];
  if (!known) return new ApiError(409, 'conflict', code, `Refused: ${code.replace(/_/g, ' ')}.`);
  return new ApiError(known.status, known.type, code, known.message, known.field);
}
