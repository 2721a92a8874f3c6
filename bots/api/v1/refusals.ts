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
  // Payouts (Payouts.create's PayoutRefusal; its INSUFFICIENT_FUNDS is said by the payout routes).
  INVALID_DESTINATION: {
    status: 400,
    type: 'invalid_request',
    field: 'destination',
    message:
      'The destination is not valid: a 23-digit RIB with its right key, starting with bank_code, and the holder name; or a Cameroonian mobile number.',
  },
  RAIL_UNAVAILABLE: {
    status: 400,
    type: 'invalid_request',
    field: 'destination',
    message: 'Payouts to this kind of destination are not offered here.',
  },
};

// Payment links and invoices: what their services refuse, and what a refusal means for them.
const LINK_AND_INVOICE_REFUSALS: Readonly<Record<string, RefusalAnswer>> = {
  INVALID_ID: {
    status: 400,
    type: 'invalid_request',
    message: 'The Idempotency-Key cannot name this resource; use letters, digits and -_.:',
  },
  AMOUNT_ABOVE_LIMIT: {
    status: 400,
    type: 'invalid_request',
    field: 'amount',
    message: "The amount is above this merchant's limit per payment for its KYC level.",
  },
  INVALID_BOUNDS: {
    status: 400,
    type: 'invalid_request',
    field: 'min_amount',
    message: 'Give an amount, or min_amount and max_amount (min_amount at most max_amount) for the payer to choose.',
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
    field: 'expires_at',
    message: 'expires_at must be in the future.',
  },
  INVALID_MAX_PAYMENTS: {
    status: 400,
    type: 'invalid_request',
    field: 'max_payments',
    message: 'max_payments must be 1 to 10000, and 1 for a link that is not reusable.',
  },
  ORDER_REFERENCE_TOO_LONG: {
    status: 400,
    type: 'invalid_request',
    field: 'order_reference',
    message: 'The order reference is too long.',
  },
  CONFLICT: {
    status: 409,
    type: 'conflict',
    message: 'A different resource already has the id this idempotency key gives; use another key.',
  },
  INVALID_CUSTOMER: {
    status: 400,
    type: 'invalid_request',
    field: 'customer.name',
    message: "The customer's name is missing or too long.",
  },
  INVALID_ITEMS: {
    status: 400,
    type: 'invalid_request',
    field: 'items',
    message: 'Give 1 to 100 items, each with a description, a quantity and a unit price in whole francs.',
  },
  INVALID_VAT_RATE: {
    status: 400,
    type: 'invalid_request',
    field: 'vat_rate',
    message: 'The VAT rate is a fraction from 0 to 1 with at most four decimals (0.1925 for 19.25 %).',
  },
  INVALID_TOTAL: {
    status: 400,
    type: 'invalid_request',
    field: 'items',
    message: 'The total must be more than 0 F and within the largest amount.',
  },
  INVALID_NOTES: { status: 400, type: 'invalid_request', field: 'notes', message: 'The notes are too long.' },
  HAS_PAYMENTS: {
    status: 409,
    type: 'conflict',
    message: 'Part of this invoice is paid: it cannot be cancelled (refund the payments instead).',
  },
  NO_PHONE: {
    status: 409,
    type: 'conflict',
    field: 'customer.phone',
    message: "This invoice's customer has no phone number to send it to.",
  },
};

/** What a refusal says about a payment link or an invoice when it differs from a payment request's. */
const RESOURCE_REFUSALS: Readonly<Record<'payment_link' | 'invoice', Readonly<Record<string, RefusalAnswer>>>> = {
  payment_link: {
    NOT_FOUND: { status: 404, type: 'not_found', field: 'id', message: 'No such payment link.' },
  },
  invoice: {
    NOT_FOUND: { status: 404, type: 'not_found', field: 'id', message: 'No such invoice.' },
    ALREADY_PAID: { status: 409, type: 'conflict', message: 'This invoice is already paid.' },
    CANCELLED: { status: 409, type: 'conflict', message: 'This invoice was cancelled.' },
  },
};

/** The API error a refusal is answered with; `resource` names what was refused when it is not a payment request. */
export function refusalError(reason: string, resource?: 'payment_link' | 'invoice'): ApiError {
  const code = reason.toLowerCase();
  const own = (table: Readonly<Record<string, RefusalAnswer>>) =>
    Object.prototype.hasOwnProperty.call(table, reason) ? table[reason] : undefined;
  // A link's or an invoice's words first (its INVALID_EXPIRY names expires_at, a request's expires_in_days).
  const known = resource
    ? (own(RESOURCE_REFUSALS[resource]) ?? own(LINK_AND_INVOICE_REFUSALS) ?? own(REFUSALS))
    : (own(REFUSALS) ?? own(LINK_AND_INVOICE_REFUSALS));
  if (!known) return new ApiError(409, 'conflict', code, `Refused: ${code.replace(/_/g, ' ')}.`);
  return new ApiError(known.status, known.type, code, known.message, known.field);
}
