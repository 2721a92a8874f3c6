/**
 * The Notch Pay client against the simulator over real HTTP, on the real database: initialize, retrieve, and every
 * error it can meet, with the keys never in an error message.
 */
import { randomBytes } from 'node:crypto';
import { NotchPayError, type InitializePayment } from '../../../integrations/notchPay/client';
import { useTestDatabase } from '../../support/database';
import { startNotchPayHarness, type NotchPayHarness } from './support';

const db = useTestDatabase();
let harness: NotchPayHarness;

beforeAll(async () => {
  harness = await startNotchPayHarness(db.connection);
});
afterAll(async () => harness.close());
afterEach(() => harness.simulator.faults.reset());

function payment(overrides: Partial<InitializePayment> = {}): InitializePayment {
  return {
    amount: 5000,
    currency: 'XAF',
    customer: { phone: '+237677123456' },
    description: 'Top-up',
    callback: 'https://pay.example.cm/return',
    reference: `ref_${randomBytes(5).toString('hex')}`,
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<NotchPayError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(NotchPayError);
  return error as NotchPayError;
}

describe('NotchPayClient', () => {
  it('initializes a payment and gets its hosted page, then retrieves it by either reference', async () => {
    const request = payment();
    const created = await harness.client().initialize(request);
    expect(created.authorizationUrl).toMatch(new RegExp(`^${harness.simulatorUrl}/checkout/[0-9a-f]{48}$`));
    expect(created.payment).toEqual({
      reference: expect.stringMatching(/^trx\.[A-Za-z0-9]{24}$/),
      merchantReference: request.reference,
      status: 'pending',
      amount: 5000,
      currency: 'XAF',
    });
    await expect(harness.client().retrieve(created.payment.reference)).resolves.toEqual(created.payment);
    await expect(harness.client().retrieve(request.reference)).resolves.toEqual(created.payment);
  });

  it('also speaks the SDKs’ POST /payments/initialize', async () => {
    const created = await harness.client({ initializePath: '/payments/initialize' }).initialize(payment());
    expect(created.payment.status).toBe('pending');
  });

  it('answers null for a reference Notch Pay never heard of', async () => {
    await expect(harness.client().retrieve('trx.neverExisted000000000000')).resolves.toBeNull();
  });

  it('cancels a payment not yet made (DELETE, 202), is refused once it has ended, and knows no unknown reference', async () => {
    const request = payment();
    const created = await harness.client().initialize(request);
    await expect(harness.client().cancel(created.payment.reference)).resolves.toBe('canceled');
    await expect(harness.client().retrieve(request.reference)).resolves.toMatchObject({ status: 'canceled' });
    await expect(harness.client().cancel(request.reference)).resolves.toBe('refused');
    await expect(harness.client().cancel('trx.neverExisted000000000000')).resolves.toBe('not_found');
  });

  it('reports a reference used twice as duplicate_reference (409), and the first payment is unchanged', async () => {
    const request = payment();
    const first = await harness.client().initialize(request);
    const error = await failure(harness.client().initialize({ ...request, amount: 9000 }));
    expect(error).toMatchObject({ kind: 'duplicate_reference', httpStatus: 409, operation: 'initialize' });
    await expect(harness.client().retrieve(request.reference)).resolves.toMatchObject({
      reference: first.payment.reference,
      amount: 5000,
    });
  });

  it('reports refused fields (422) by name', async () => {
    const error = await failure(harness.client().initialize(payment({ amount: 12.5 })));
    expect(error).toMatchObject({ kind: 'invalid_request', httpStatus: 422, fields: ['amount'] });
    expect(error.certainlyNotDone).toBe(true);
    const badPhone = await failure(harness.client().initialize(payment({ customer: { phone: 'call me' } })));
    expect(badPhone.fields).toEqual(['phone']);
  });

  it('is refused with a wrong public key (401) or a wrong X-Grant (403), and never shows a key', async () => {
    const wrongKey = `pk_test.${randomBytes(12).toString('hex')}`;
    const unauthorized = await failure(harness.client({ publicKey: wrongKey }).initialize(payment()));
    expect(unauthorized).toMatchObject({ kind: 'unauthorized', httpStatus: 401 });
    const wrongGrant = `sk_test.${randomBytes(12).toString('hex')}`;
    const forbidden = await failure(harness.client({ privateKey: wrongGrant }).retrieve('anything'));
    expect(forbidden).toMatchObject({ kind: 'unauthorized', httpStatus: 403 });
    for (const error of [unauthorized, forbidden]) {
      for (const secret of [wrongKey, wrongGrant, harness.publicKey, harness.privateKey]) {
        expect(`${error.message} ${error.stack} ${JSON.stringify(error)}`).not.toContain(secret);
      }
    }
  });

  it('reports a 500 as server_error and an answer that never comes as timeout', async () => {
    harness.simulator.faults.failNextApiCalls(1);
    await expect(failure(harness.client().initialize(payment()))).resolves.toMatchObject({
      kind: 'server_error',
      httpStatus: 500,
    });
    harness.simulator.faults.hangNextApiCalls(1);
    const started = Date.now();
    const timedOut = await failure(harness.client({ timeoutMs: 300 }).retrieve('trx.any'));
    expect(timedOut.kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1_500);
    // The faults were used up: the next call works.
    await expect(harness.client().initialize(payment())).resolves.toBeDefined();
  });

  it('takes faults from POST /_admin/faults only with the admin token', async () => {
    const post = (token: string, body: unknown) =>
      fetch(`${harness.simulatorUrl}/_admin/faults`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Admin-Token': token },
        body: JSON.stringify(body),
      });
    expect((await post(randomBytes(16).toString('hex'), { apiFailures: 1 })).status).toBe(404);
    expect((await post(harness.adminToken, { apiFailures: 'many' })).status).toBe(422);
    const accepted = await post(harness.adminToken, { apiFailures: 1, webhookDrops: 2 });
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ faults: { apiFailures: 1, webhookDrops: 2 } });
    await expect(failure(harness.client().retrieve('trx.any'))).resolves.toMatchObject({ kind: 'server_error' });
  });

  it('reports a server that is not there as a network error', async () => {
    const error = await failure(harness.client({ baseUrl: 'http://127.0.0.1:9' }).retrieve('trx.any'));
    expect(error.kind).toBe('network');
  });
});
