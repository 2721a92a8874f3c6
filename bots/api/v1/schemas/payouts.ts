/** The payout resource and what creates one. */
import { z } from 'zod';
import { amount, currency, timestamp } from './common';

const bankDestination = z.strictObject({
  type: z.literal('bank'),
  bank_code: z
    .string()
    .regex(/^\d{5}$/)
    .meta({ description: 'The 5-digit bank code (the RIB starts with it).' }),
  account_number: z
    .string()
    .min(23)
    .max(40)
    .meta({ description: 'The 23-digit RIB: bank code, branch, account number and key (spaces allowed).' }),
  account_name: z.string().min(1).max(70).meta({ description: "The account holder's name." }),
});

const mobileDestination = z.strictObject({
  type: z.enum(['mtn_momo', 'orange_money']),
  phone: z.string().min(9).max(20).meta({ description: 'A Cameroonian mobile number.' }),
});

/** Where a payout goes. */
export const payoutDestination = z.discriminatedUnion('type', [bankDestination, mobileDestination]);

/** What asks a payout. */
export const createPayoutBody = z
  .strictObject({
    amount,
    currency,
    destination: payoutDestination,
    reference: z.string().min(1).max(70).optional().meta({ description: 'Shown on the bank statement.' }),
  })
  .meta({ id: 'CreatePayout' });

export const payoutResource = z
  .object({
    object: z.literal('payout'),
    id: z.string(),
    amount,
    fee: z.number().int().meta({ description: 'Taken from your balance on top of the amount (1 %, at least 100 F).' }),
    currency,
    destination: payoutDestination,
    reference: z.string().nullable(),
    status: z.enum(['pending_approval', 'pending', 'processing', 'paid', 'failed', 'needs_review']),
    failure_reason: z.string().nullable().meta({
      description:
        "Why it failed: the bank's reason (INVALID_ACCOUNT, ACCOUNT_CLOSED, NAME_MISMATCH, BANK_UNAVAILABLE), a mobile-money reason, INSUFFICIENT_FUNDS or APPROVAL_REJECTED; null otherwise.",
    }),
    created_at: timestamp,
  })
  .meta({ id: 'Payout' });
