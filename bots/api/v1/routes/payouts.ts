/**
 * Payouts: money out of the merchant's balance to a bank account or a mobile-money number; read one, list them.
 * The payout's id derives from the merchant and the Idempotency-Key, so a re-run of the same call asks the service
 * for the same payout and moves no more money. Scope `write` (a role of its own comes with the merchant's team).
 */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { PayoutView } from '../../../../domain/merchants/payouts/payout';
import { ApiError } from '../errors';
import { refusalError } from '../refusals';
import { answer, defineRoute } from '../route';
import { idParams, listOf, listQuery } from '../schemas/common';
import { createPayoutBody, payoutResource } from '../schemas/payouts';
import type { MerchantApiPorts, MerchantPayoutsPort } from '../../ports';

/** The id of the payout one merchant's Idempotency-Key creates: `po_` and 24 hex characters. */
export function payoutIdFor(merchantId: string, idempotencyKey: string): string {
  return `po_${createHash('sha256').update(`${merchantId}\n${idempotencyKey}`).digest('hex').slice(0, 24)}`;
}

function presentPayout(view: PayoutView): z.infer<typeof payoutResource> {
  const destination =
    view.destination.type === 'bank'
      ? {
          type: 'bank' as const,
          bank_code: view.destination.bankCode,
          account_number: view.destination.accountNumber,
          account_name: view.destination.accountName,
        }
      : { type: view.destination.type, phone: `+${view.destination.phone}` };
  return {
    object: 'payout',
    id: view.id,
    amount: view.amount,
    fee: view.fee,
    currency: 'XAF',
    destination,
    reference: view.reference,
    status: view.status,
    failure_reason: view.failureReason,
    created_at: view.createdAt.toISOString(),
  };
}

function payoutsOf(ports: MerchantApiPorts): MerchantPayoutsPort {
  if (!ports.payouts) throw new ApiError(404, 'not_found', 'not_found', 'Payouts are not offered here.');
  return ports.payouts;
}

export const payoutRoutes = [
  defineRoute({
    method: 'post',
    path: '/payouts',
    scope: 'write',
    summary: 'Pay out to a bank account or a mobile-money number',
    description:
      'The amount and its fee are held on your balance, then sent; a payout starts `pending` (or `pending_approval` ' +
      'when your team requires a second person) and ends `paid` or `failed` (`payout.*` events). A bank transfer ' +
      'settles on the bank’s next cycle.',
    body: createPayoutBody,
    status: 201,
    response: payoutResource,
    errors: [400, 403, 409, 422],
    example: {
      body: {
        amount: 50000,
        currency: 'XAF',
        destination: {
          type: 'bank',
          bank_code: '10005',
          account_number: '10005 00001 01234567890 91',
          account_name: 'Boulangerie Ngono SARL',
        },
        reference: 'Versement décembre',
      },
    },
    async handle({ merchantId, body, idempotencyKey, ports }) {
      const d = body.destination;
      const outcome = await payoutsOf(ports).create({
        merchantId,
        id: payoutIdFor(merchantId, idempotencyKey ?? ''),
        amount: body.amount,
        destination:
          d.type === 'bank'
            ? { type: 'bank', bankCode: d.bank_code, accountNumber: d.account_number, accountName: d.account_name }
            : { type: d.type, phone: d.phone },
        ...(body.reference === undefined ? {} : { reference: body.reference }),
      });
      if (!outcome.ok) {
        if (outcome.reason === 'INSUFFICIENT_FUNDS') {
          throw new ApiError(
            409,
            'conflict',
            'insufficient_funds',
            'Your balance cannot cover the amount and its fee.',
          );
        }
        throw refusalError(outcome.reason);
      }
      return answer(201, presentPayout(outcome.payout));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/payouts/:id',
    summary: 'One payout',
    params: idParams,
    status: 200,
    response: payoutResource,
    errors: [404],
    example: { params: { id: 'po_0123456789abcdef01234567' } },
    async handle({ merchantId, params, ports }) {
      const payout = await payoutsOf(ports).get(merchantId, params.id);
      if (!payout) throw new ApiError(404, 'not_found', 'payout_not_found', 'No such payout.', 'id');
      return answer(200, presentPayout(payout));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/payouts',
    summary: 'The payouts, newest first',
    query: listQuery,
    status: 200,
    response: listOf(payoutResource),
    errors: [400],
    example: { query: { limit: '10' } },
    async handle({ merchantId, query, ports }) {
      const page = await payoutsOf(ports).list(merchantId, {
        limit: query.limit,
        ...(query.starting_after === undefined ? {} : { startingAfter: query.starting_after }),
      });
      return answer(200, { object: 'list', data: page.data.map(presentPayout), has_more: page.hasMore });
    },
  }),
];
