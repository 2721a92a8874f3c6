/** The resources as the API answers them: snake_case keys, ISO dates, an `object` naming the kind. */
import { z } from 'zod';
import { MERCHANT_CATEGORIES, MERCHANT_KYC_LEVELS, MERCHANT_STATUSES } from '../../../../domain/merchants/merchant';
import { MERCHANT_EVENT_TYPES } from '../../../../domain/merchants/merchantEvent';
import { MAX_REASON_LENGTH } from '../../../../domain/paymentRequests/paymentRequests';
import { amount, currency, timestamp } from './common';

export const merchantResource = z
  .object({
    object: z.literal('merchant'),
    id: z.string(),
    name: z.string(),
    category: z.enum(MERCHANT_CATEGORIES),
    status: z.enum(MERCHANT_STATUSES),
    kyc_level: z.enum(MERCHANT_KYC_LEVELS),
    balance: z.object({ amount: z.number().int(), currency }),
  })
  .meta({ id: 'Merchant' });

const paymentFields = {
  id: z.string(),
  request_id: z.string(),
  short_reference: z.string(),
  merchant_id: z.string(),
  payer: z.string().meta({ description: 'The payer: 237 and nine digits.' }),
  amount,
  currency,
  order_reference: z.string().nullable(),
  description: z.string().nullable(),
  source: z.enum(['chat', 'api', 'link', 'invoice']),
  source_id: z.string().nullable(),
  status: z.string(),
  created_at: timestamp,
  expires_at: timestamp.nullable(),
  paid_at: timestamp.nullable(),
  transfer_id: z.string().nullable(),
  paid_by: z.string().nullable(),
  pay_url: z.string().nullable(),
  history: z.array(z.object({ status: z.string(), at: timestamp }).catchall(z.unknown())),
};

export const paymentRequestResource = z
  .object({ object: z.literal('payment_request'), ...paymentFields })
  .meta({ id: 'PaymentRequest' });

export const paymentResource = z.object({ object: z.literal('payment'), ...paymentFields }).meta({ id: 'Payment' });

export const refundResource = z
  .object({
    object: z.literal('refund'),
    id: z.string(),
    payment: z.string().meta({ description: 'The id of the payment refunded (its payment request id).' }),
    amount,
    currency,
    destination: z.enum(['wallet', 'mobile_money']),
    status: z.enum(['pending', 'processed', 'failed']),
    reason: z.string().nullable().meta({ description: 'Your reason for the refund, as you gave it.' }),
    failure_reason: z.string().nullable().meta({
      description:
        'Why it failed (INSUFFICIENT_FUNDS: your balance could not cover it; or the mobile-money payout reason); null otherwise.',
    }),
    short_reference: z.string(),
    created_at: timestamp,
    processed_at: timestamp.nullable(),
  })
  .meta({ id: 'Refund' });

export const orderResource = z
  .object({
    object: z.literal('order'),
    reference: z.string(),
    paid: z.boolean().meta({ description: 'Whether one of its payment requests is paid.' }),
    amount_paid: z.number().int(),
    currency,
    payment_requests: z.array(paymentRequestResource),
    amount_refunded: z.number().int().meta({ description: 'The sum of its processed refunds.' }),
    refunds: z.array(refundResource).meta({ description: 'The refunds of its payments, oldest first.' }),
  })
  .meta({ id: 'Order' });

export const eventResource = z
  .object({
    object: z.literal('event'),
    id: z.string(),
    type: z.enum(MERCHANT_EVENT_TYPES),
    data: z.record(z.string(), z.unknown()),
    created_at: timestamp,
  })
  .meta({ id: 'Event' });

/** What asks a refund. */
export const createRefundBody = z
  .strictObject({
    payment: z.string().min(1).max(100).meta({ description: 'The id of a paid payment request.' }),
    amount: amount.optional().meta({ description: 'Whole francs (XAF); absent: all that is left to refund.' }),
    currency: currency.optional(),
    destination: z.enum(['wallet', 'mobile_money']).optional().meta({
      description:
        "Where the money goes: the payer's wallet, or the mobile-money account that paid. Absent: the way it came.",
    }),
    reason: z.string().min(1).max(200).optional(),
  })
  .meta({ id: 'CreateRefund' });

/** What creates a payment request. */
export const createPaymentRequestBody = z
  .strictObject({
    amount,
    currency,
    payer: z.string().min(1).max(40).meta({ description: 'A Cameroonian mobile number in any common form.' }),
    order_reference: z.string().min(1).max(40).optional().meta({
      description: 'Letters, digits, spaces and _-./# (A-17, INV/2026/042): groups the requests of an order.',
    }),
    description: z.string().min(1).max(MAX_REASON_LENGTH).optional(),
    expires_in_days: z.number().int().min(1).max(30).optional(),
  })
  .meta({ id: 'CreatePaymentRequest' });
