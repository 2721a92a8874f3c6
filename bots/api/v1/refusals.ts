/**
 * The one place that turns a domain service's refusal (`{ok: false, reason}`) into an API answer: its status, type,
 * code and a message saying what to do. A reason not listed is a conflict named by its own code.
 */
import type { MerchantRequestRefusal } from '../../../domain/merchants/merchantRequests';
import { ApiError, type ApiErrorType } from './errors';

interface RefusalAnswer {
  status: number;
  type: ApiErrorType;
  message: string;
  field?: string;
}

// Every reason MerchantRequests.create may answer (the compiler checks none is missing), then those of the actions
// on a request that later routes share.
const CREATE_REFUSALS = {
  MERCHANT_NOT_FOUND: { status: 404, type: 'not_found', message: 'This merchant does not exist.' },
  MERCHANT_SUSPENDED: { status: 403, type: 'permission', message: 'This merchant is suspended: it collects nothing.' },
  ABOVE_PAYMENT_LIMIT: {
    status: 400,
    type: 'invalid_request',
    field: 'amount',
    message: "The amount is above this merchant's limit per payment for its KYC level.",
  },
  ABOVE_DAILY_LIMIT: {
    status: 400,
    type: 'invalid_request',
    field: 'amount',
    message: "This amount would pass the merchant's daily limit for its KYC level.",
  },
  INVALID_ORDER_REFERENCE: {
    status: 400,
    type: 'invalid_request',
    field: 'order_reference',
    message: 'An order reference is 1 to 40 letters, digits, spaces and _-./# characters.',
  },
  INVALID_AMOUNT: { status: 400, type: 'invalid_request', field: 'amount', message: 'The amount is not valid.' },
  INVALID_ID: {
    status: 400,
    type: 'invalid_request',
    message: 'The id this request would have is not valid; use another Idempotency-Key.',
  },
  REASON_TOO_LONG: {
    status: 400,
    type: 'invalid_request',
    field: 'description',
    message: 'The description is too long.',
  },
  INVALID_EXPIRY: {
    status: 400,
    type: 'invalid_request',
    field: 'expires_in_days',
    message: 'A payment request expires after 1 to 30 days.',
  },
  SAME_ACCOUNT: { status: 400, type: 'invalid_request', field: 'payer', message: 'The payer is the requester.' },
  REQUESTER_NOT_REGISTERED: { status: 404, type: 'not_found', message: 'This merchant does not exist.' },
  CONFLICT: {
    status: 409,
    type: 'conflict',
    message: 'Another resource, with other fields, already has the id this idempotency key gives; use another key.',
  },
} as const satisfies Record<MerchantRequestRefusal, RefusalAnswer>;

const REFUSALS: Readonly<Record<string, RefusalAnswer>> = {
  ...CREATE_REFUSALS,
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
};

/** The API error a refusal is answered with. */
export function refusalError(reason: string): ApiError {
  const code = reason.toLowerCase();
  const known = Object.prototype.hasOwnProperty.call(REFUSALS, reason) ? REFUSALS[reason] : undefined;
  if (!known) return new ApiError(409, 'conflict', code, `Refused: ${code.replace(/_/g, ' ')}.`);
  return new ApiError(known.status, known.type, code, known.message, known.field);
}
