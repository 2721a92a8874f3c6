/**
 * The payout routes end to end on the real product: a merchant's API key asks a bank payout over HTTP, the bank
 * simulator settles it, and the API shows it paid; the same Idempotency-Key answers the same payout; bad RIBs,
 * amounts above the balance and read-only keys are refused.
 */
import { randomUUID } from 'node:crypto';
import { accountIds } from '../../../domain/ledger/accounts';
import type { Msisdn } from '../../../domain/phone';
import { testRib } from '../../../integrations/bankTransfer/simulator/testAccounts';
import { eventually, useProduct } from '../../support/chat';
import { expectConsistent } from '../../support/ledger';

const product = useProduct();
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

let merchantId: string;
const keys = { write: '', readOnly: '' };

async function call(
  method: string,
  path: string,
  options: { key?: string; body?: unknown; idempotencyKey?: string } = {},
): Promise<{ status: number; body: Json }> {
  const headers: Record<string, string> = { authorization: `Bearer ${options.key ?? keys.write}` };
  if (method === 'POST') headers['idempotency-key'] = options.idempotencyKey ?? randomUUID();
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${product.api.url}${path}`, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

const bank = {
  type: 'bank',
  bank_code: '10005',
  account_number: testRib('00012345678').replace(/^(\d{5})(\d{5})(\d{11})(\d{2})$/, '$1 $2 $3 $4'),
  account_name: 'Boulangerie Ngono SARL',
};

beforeAll(async () => {
  const owner = '237677620001' as Msisdn;
  const signedUp = await product.services.people.signUp({
    msisdn: owner,
    name: 'Ngono Marie',
    language: 'fr',
    pin: '2468',
  });
  if (!signedUp.ok) throw new Error(signedUp.reason);
  const opened = await product.services.merchants.open({ owner, name: 'Boulangerie Ngono', category: 'food' });
  if (!opened.ok) throw new Error(opened.reason);
  merchantId = opened.merchant._id;
  const funded = await product.services.ledger.transfer({
    id: `fund-${randomUUID()}`,
    kind: 'merchant',
    debit: accountIds.clearing('mtn_momo'),
    credits: [{ account: accountIds.merchant(merchantId), amount: 100_000 }],
    mode: 'single',
  });
  if (!funded.ok) throw new Error(funded.reason);
  keys.write = (await product.services.apiKeys.create(merchantId, { scopes: ['read', 'write'] })).secret;
  keys.readOnly = (await product.services.apiKeys.create(merchantId, { scopes: ['read'] })).secret;
});

describe('POST /api/v1/payouts', () => {
  it('pays out to a bank account; the same Idempotency-Key answers the same payout; GET shows it paid', async () => {
    const body = { amount: 40_000, currency: 'XAF', destination: bank, reference: 'Versement decembre' };
    const created = await call('POST', '/payouts', { body, idempotencyKey: 'payout-dec' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      object: 'payout',
      amount: 40_000,
      fee: 400,
      status: 'processing',
      destination: { type: 'bank', account_number: testRib('00012345678') },
    });
    const again = await call('POST', '/payouts', { body, idempotencyKey: 'payout-dec' });
    expect(again.body.id).toBe(created.body.id);

    await eventually(async () => {
      await product.services.railPayments.reconcile(`payout:${merchantId}:${created.body.id}`);
      const one = await call('GET', `/payouts/${created.body.id}`);
      expect(one.body.status).toBe('paid');
    });
    const list = await call('GET', '/payouts?limit=10');
    expect(list.body.data.map((p: Json) => p.id)).toEqual([created.body.id]);
    expect((await product.services.ledger.balance(accountIds.merchant(merchantId))).available).toBe(100_000 - 40_400);
  });

  it('refuses a RIB with a wrong key, an amount above the balance, and a read-only key', async () => {
    const wrong = { ...bank, account_number: `${testRib('00012345678').slice(0, 21)}00` };
    const badRib = await call('POST', '/payouts', { body: { amount: 1_000, currency: 'XAF', destination: wrong } });
    expect(badRib.status).toBe(400);
    expect(badRib.body.error).toMatchObject({ code: 'invalid_destination', field: 'destination' });

    const tooMuch = await call('POST', '/payouts', { body: { amount: 90_000, currency: 'XAF', destination: bank } });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.error.code).toBe('insufficient_funds');

    const readOnly = await call('POST', '/payouts', {
      key: keys.readOnly,
      body: { amount: 1_000, currency: 'XAF', destination: { type: 'mtn_momo', phone: '677123456' } },
    });
    expect(readOnly.status).toBe(403);
    expect(await call('GET', '/payouts/po_unknown')).toMatchObject({ status: 404 });
    await expectConsistent(product.services.ledger.store);
  });
});
