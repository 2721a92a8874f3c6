/**
 * Our Notch Pay webhook route over real HTTP: only a body signed with the hash key reaches the handler; forged,
 * missing and altered signatures are refused and change nothing. Then the simulator's own webhooks (a payment
 * cancelled through its API) reach the route, with its faults: duplicated, dropped, mis-signed.
 */
import { randomBytes } from 'node:crypto';
import { referenceOf } from '../../../integrations/notchPay/webhookRoute';
import { signNotchPayWebhook } from '../../../integrations/notchPay/webhookSignature';
import { useTestDatabase } from '../../support/database';
import { eventually, startNotchPayHarness, WEBHOOK_PATH, type NotchPayHarness } from './support';

const db = useTestDatabase();
let harness: NotchPayHarness;

beforeAll(async () => {
  harness = await startNotchPayHarness(db.connection);
});
afterAll(async () => harness.close());
beforeEach(() => {
  harness.callbacks.length = 0;
  harness.failHandler = false;
  harness.simulator.faults.reset();
});

function event(merchantReference: string): string {
  return JSON.stringify({
    id: `evt.${randomBytes(8).toString('hex')}`,
    event: 'payment.complete',
    data: { reference: 'trx.abcdefghijklmnopqrstuvwx', merchant_reference: merchantReference, status: 'complete' },
  });
}

function post(body: string, signature?: string) {
  return fetch(`${harness.url}${WEBHOOK_PATH}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(signature === undefined ? {} : { 'x-notch-signature': signature }),
    },
    body,
  });
}

describe('the Notch Pay webhook route', () => {
  it('hands a correctly signed webhook’s reference (ours) to the handler as a card callback', async () => {
    const body = event('4F1C2A9B');
    const response = await post(body, signNotchPayWebhook(body, harness.hashKey));
    expect(response.status).toBe(200);
    expect(harness.callbacks).toEqual([{ reference: '4F1C2A9B', rail: 'card' }]);
  });

  it('accepts the signature in capitals or prefixed sha256=', async () => {
    const body = event('REF00001');
    const signature = signNotchPayWebhook(body, harness.hashKey);
    expect((await post(body, signature.toUpperCase())).status).toBe(200);
    expect((await post(body, `sha256=${signature}`)).status).toBe(200);
    expect(harness.callbacks).toHaveLength(2);
  });

  it('refuses a forged, missing, malformed or altered signature, and the handler is never called', async () => {
    const body = event('REF00002');
    const forged = signNotchPayWebhook(body, randomBytes(24).toString('hex'));
    const altered = body.replace('REF00002', 'REF99999');
    const responses = [
      await post(body, forged),
      await post(body),
      await post(body, 'not-hex'),
      await post(body, ''),
      await post(altered, signNotchPayWebhook(body, harness.hashKey)),
    ];
    expect(responses.map((r) => r.status)).toEqual([401, 401, 401, 401, 401]);
    expect(harness.callbacks).toEqual([]);
  });

  it('calls the handler again for a repeated webhook (settling twice is harmless)', async () => {
    const body = event('REF00003');
    const signature = signNotchPayWebhook(body, harness.hashKey);
    await post(body, signature);
    await post(body, signature);
    expect(harness.callbacks.map((c) => c.reference)).toEqual(['REF00003', 'REF00003']);
  });

  it('answers 500 when the handler fails, so Notch Pay sends it again; 200 to events with no reference', async () => {
    harness.failHandler = true;
    const body = event('REF00004');
    expect((await post(body, signNotchPayWebhook(body, harness.hashKey))).status).toBe(500);
    harness.failHandler = false;
    const other = JSON.stringify({
      id: 'evt.1',
      event: 'transfer.complete',
      data: { reference: 'trx.transfer00000000000000' },
    });
    expect((await post(other, signNotchPayWebhook(other, harness.hashKey))).status).toBe(200);
    const broken = '{"data":';
    expect((await post(broken, signNotchPayWebhook(broken, harness.hashKey))).status).toBe(400);
    expect(harness.callbacks).toEqual([]);
  });

  it('finds our reference in every payload shape the documentation shows', () => {
    expect(referenceOf({ data: { reference: 'trx.x', merchant_reference: 'OURS' } })).toBe('OURS');
    expect(referenceOf({ data: { reference: 'trx.x', trxref: 'OURS' } })).toBe('OURS');
    expect(referenceOf({ type: 'payment.complete', data: { reference: 'order_123' } })).toBe('order_123');
    expect(referenceOf({ data: { reference: 'trx.only' } })).toBeUndefined();
    expect(referenceOf({ data: null })).toBeUndefined();
    expect(referenceOf('text')).toBeUndefined();
  });
});

describe('the simulator’s webhooks reaching the route', () => {
  async function cancelledPayment(): Promise<string> {
    const reference = `ref_${randomBytes(5).toString('hex')}`;
    await harness.client().initialize({
      amount: 1000,
      currency: 'XAF',
      customer: { phone: '+237677123456' },
      description: 'webhook test',
      callback: `${harness.url}/return`,
      reference,
    });
    const response = await fetch(`${harness.simulatorUrl}/payments/${reference}`, {
      method: 'DELETE',
      headers: { Authorization: harness.publicKey },
    });
    expect(response.status).toBe(202);
    return reference;
  }

  const deliveriesOf = (reference: string) =>
    harness.simulator.deliveries.filter((d) => d.merchantReference === reference);

  it('posts a signed payment.canceled the route accepts', async () => {
    const reference = await cancelledPayment();
    // The handler is called before the simulator has read our answer and recorded the delivery: wait for both.
    await eventually(() => harness.callbacks.length === 1 && deliveriesOf(reference).length === 1);
    expect(harness.callbacks).toEqual([{ reference, rail: 'card' }]);
    expect(deliveriesOf(reference)).toEqual([expect.objectContaining({ event: 'payment.canceled', outcome: 200 })]);
  });

  it('duplicated: the handler is called twice; wrongly signed: refused (401); dropped: nothing arrives', async () => {
    harness.simulator.faults.duplicateNextWebhooks(1);
    const duplicated = await cancelledPayment();
    await eventually(() => harness.callbacks.length === 2);
    expect(harness.callbacks.map((c) => c.reference)).toEqual([duplicated, duplicated]);

    harness.simulator.faults.missignNextWebhooks(1);
    const missigned = await cancelledPayment();
    await eventually(() => deliveriesOf(missigned).length === 1);
    expect(deliveriesOf(missigned)[0]).toMatchObject({ outcome: 401, wrongSignature: true });

    harness.simulator.faults.dropNextWebhooks(1);
    const dropped = await cancelledPayment();
    expect(deliveriesOf(dropped)).toEqual([expect.objectContaining({ outcome: 'dropped' })]);

    harness.simulator.faults.delayNextWebhooks(1, 150);
    const delayed = await cancelledPayment();
    await eventually(() => deliveriesOf(delayed).length === 1);
    expect(harness.callbacks.map((c) => c.reference)).toEqual([duplicated, duplicated, delayed]);
  });
});
