/**
 * The merchant services as the product wires them (createServices): a merchant opened, a key made and checked, a
 * request with its pay page paid from a wallet into the merchant's account, the owner told, and the events heard by
 * `onMerchantEvent` (where webhook delivery hooks in).
 */
import { randomUUID } from 'node:crypto';
import { createServices, type Services } from '../../../bots/app/services';
import type { MerchantEvent } from '../../../domain/merchants/merchantEvent';
import type { Msisdn } from '../../../domain/phone';
import { testSettings, useProduct } from '../../support/chat';
import { expectConsistent } from '../../support/ledger';
import { fund } from '../e2e.support';

const product = useProduct();
let services: Services;
const heard: MerchantEvent[] = [];

beforeAll(async () => {
  services = await createServices(product.db.connection, testSettings, {
    ...product.serviceOptions(),
    onMerchantEvent: async (event) => {
      heard.push(event);
    },
  });
});
afterEach(() => expectConsistent(services.ledger.store));

async function signUp(msisdn: string, name: string): Promise<Msisdn> {
  const result = await services.people.signUp({ msisdn: msisdn as Msisdn, name, language: 'fr', pin: '2468' });
  if (!result.ok) throw new Error(result.reason);
  return msisdn as Msisdn;
}

describe('the merchant services as wired', () => {
  it('collect a request for an order into the merchant’s account, telling its owner and the event listener', async () => {
    const owner = await signUp('237677600201', 'Ngono Marie');
    const payer = await signUp('237677600202', 'Fotso Awa');
    await fund(product, payer, 20_000);
    const opened = await services.merchants.open({ owner, name: 'Boulangerie Ngono', category: 'food' });
    if (!opened.ok) throw new Error(opened.reason);
    const merchantId = opened.merchant._id;

    const { key, secret } = await services.apiKeys.create(merchantId, { scopes: ['read', 'write'] });
    expect(await services.apiKeys.authenticate(secret)).toEqual(key);

    const created = await services.merchantRequests.create({
      merchantId,
      id: 'order-77',
      payer,
      amount: 12_000,
      orderReference: 'CMD-77',
      source: 'api',
    });
    if (!created.ok) throw new Error(created.reason);
    expect(created.payment.payUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/pay\/[A-Za-z0-9_-]+$/);
    expect(heard.map((e) => e.type)).toEqual(['payment_request.created']);

    const paid = await services.paymentRequests.pay({ id: randomUUID(), requestId: created.payment.requestId, payer });
    expect(paid).toMatchObject({ ok: true });
    expect((await services.merchants.balance(merchantId)).available).toBe(12_000);
    expect((await services.outbox.for(owner)).map((m) => m.notice.key)).toContain('payments.requestPaid');
    expect(heard.map((e) => e.type)).toEqual(['payment_request.created', 'payment.succeeded']);
    expect(await services.orders.status(merchantId, 'CMD-77')).toMatchObject({ status: 'paid', paidAmount: 12_000 });
    const listed = await services.merchantEvents.list(merchantId, { limit: 10 });
    expect(listed.data.map((e) => e.type).sort()).toEqual(['payment.succeeded', 'payment_request.created']);
  });
});
