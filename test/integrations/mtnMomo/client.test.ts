import { randomUUID } from 'node:crypto';
import { MtnMomoError, type MtnMomoClient, type MtnPaymentOrder } from '../../../integrations/mtnMomo/client';
import { useTestDatabase } from '../../support/database';
import { ADMIN_TOKEN, eventually, SUBSCRIPTION_KEYS, startMomoHarness, type MomoHarness } from './momoHarness';

const order = (msisdn = '237677000111', overrides: Partial<MtnPaymentOrder> = {}): MtnPaymentOrder => ({
  amount: '5000',
  currency: 'XAF',
  externalId: 'AB12CD34',
  msisdn,
  payerMessage: 'Recharge du portefeuille',
  payeeNote: 'Top-up',
  ...overrides,
});

/** The error a call rejects with (failing the test when it does not reject). */
async function failure(call: Promise<unknown>): Promise<MtnMomoError> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof MtnMomoError)) throw new Error(`expected an MtnMomoError, got ${String(error)}`);
  return error;
}

describe('the MTN MoMo client against the simulator, over HTTP', () => {
  const db = useTestDatabase();
  let momo: MomoHarness;
  let client: MtnMomoClient;

  beforeAll(async () => {
    momo = await startMomoHarness(db.connection);
  });
  afterAll(() => momo.close());
  beforeEach(() => {
    momo.simulator.resetFaults();
    client = momo.client();
  });

  it('requests a payment (202), reads it pending, then successful with the amount and externalId', async () => {
    // The simulator's clock decides when a payment ends: frozen here, so "pending" cannot race a slow machine.
    let now = Date.now();
    const frozen = await startMomoHarness(db.connection, { clock: () => new Date(now), completionDelayMs: 3000 });
    try {
      const own = frozen.client();
      const ref = randomUUID();
      await own.requestToPay(ref, order());
      expect(await own.requestToPayStatus(ref)).toMatchObject({ status: 'PENDING', reason: null });
      now += 3000;
      const done = await own.requestToPayStatus(ref);
      expect(done).toMatchObject({ status: 'SUCCESSFUL', amount: '5000', currency: 'XAF', externalId: 'AB12CD34' });
      expect(done.financialTransactionId).toMatch(/^\d+$/);
    } finally {
      await frozen.close();
    }
  });

  it('transfers to a payee and reads the transfer, failed with MTN reason for a failing number', async () => {
    const ok = randomUUID();
    const failing = randomUUID();
    await client.transfer(ok, order('237677000222'));
    await client.transfer(failing, order('237677123455'));
    await eventually(async () => (await client.transferStatus(failing)).status !== 'PENDING');
    expect(await client.transferStatus(failing)).toMatchObject({ status: 'FAILED', reason: 'NOT_ENOUGH_FUNDS' });
    await eventually(async () => (await client.transferStatus(ok)).status === 'SUCCESSFUL');
  });

  it('answers 409 RESOURCE_ALREADY_EXIST for a repeated reference, and keeps the first payment', async () => {
    const ref = randomUUID();
    await client.requestToPay(ref, order('237677000333', { amount: '1000' }));
    const error = await failure(client.requestToPay(ref, order('237677000333', { amount: '9999' })));
    expect(error).toMatchObject({ kind: 'http', status: 409, code: 'RESOURCE_ALREADY_EXIST' });
    expect((await client.requestToPayStatus(ref)).amount).toBe('1000');
  });

  it('answers 404 RESOURCE_NOT_FOUND for a reference it never accepted, per product', async () => {
    const ref = randomUUID();
    await client.requestToPay(ref, order());
    expect(await failure(client.requestToPayStatus(randomUUID()))).toMatchObject({
      status: 404,
      code: 'RESOURCE_NOT_FOUND',
    });
    // A collection's reference is not a transfer.
    expect(await failure(client.transferStatus(ref))).toMatchObject({ status: 404 });
  });

  it.each([
    ['a number without the country code', 400, 'PAYER_NOT_FOUND', order('677000111')],
    ['a zero amount', 400, 'INVALID_AMOUNT', order(undefined, { amount: '0' })],
    ['decimals of francs', 400, 'INVALID_AMOUNT', order(undefined, { amount: '10.50' })],
    ['an apostrophe in the message', 400, 'BAD_REQUEST', order(undefined, { payerMessage: "l'ami" })],
    ['a message over 160 characters', 400, 'BAD_REQUEST', order(undefined, { payeeNote: 'x'.repeat(161) })],
    ['euros in Cameroon', 500, 'INVALID_CURRENCY', order(undefined, { currency: 'EUR' })],
  ])('refuses %s (HTTP %s %s) and creates nothing', async (_what, status, code, bad) => {
    const ref = randomUUID();
    expect(await failure(client.requestToPay(ref, bad))).toMatchObject({ kind: 'http', status, code });
    expect(await failure(client.requestToPayStatus(ref))).toMatchObject({ status: 404 });
  });

  it('refuses an X-Reference-Id that is not a UUID v4 with a 400', async () => {
    expect(await failure(client.requestToPay('topup:abc', order()))).toMatchObject({ status: 400 });
  });

  it('uses EUR in the sandbox environment and refuses XAF there', async () => {
    const sandbox = momo.client({ targetEnvironment: 'sandbox' });
    await sandbox.requestToPay(randomUUID(), order('46733123499', { currency: 'EUR', amount: '12.50' }));
    expect(await failure(sandbox.requestToPay(randomUUID(), order()))).toMatchObject({
      status: 500,
      code: 'INVALID_CURRENCY',
    });
    expect(await sandbox.balance('collection')).toMatchObject({ currency: 'EUR' });
  });

  it('refuses an unknown target environment with 500 NOT_ALLOWED_TARGET_ENVIRONMENT', async () => {
    const elsewhere = momo.client({ targetEnvironment: 'mtnuganda' });
    expect(await failure(elsewhere.requestToPayStatus(randomUUID()))).toMatchObject({
      status: 500,
      code: 'NOT_ALLOWED_TARGET_ENVIRONMENT',
    });
  });

  it('tells whether an account holder is active, and their name', async () => {
    expect(await client.isAccountHolderActive('237677000111')).toBe(true);
    expect(await client.isAccountHolderActive('237677123455')).toBe(false);
    const info = await client.basicUserInfo('237677000111');
    expect(info.givenName).toEqual(expect.any(String));
    expect(info.familyName).toEqual(expect.any(String));
    expect(await client.basicUserInfo('46733123450')).toMatchObject({ givenName: 'Sand', familyName: 'Box' });
    expect(await failure(client.basicUserInfo('237677123455'))).toMatchObject({ status: 404 });
  });

  it('reads the balance, which moves with the payments that succeeded', async () => {
    const isolated = await startMomoHarness(db.connection, { openingBalance: 100_000 });
    try {
      const own = isolated.client();
      expect(await own.balance('collection')).toEqual({ availableBalance: '100000', currency: 'XAF' });
      const ref = randomUUID();
      await own.requestToPay(ref, order('237677000444', { amount: '2500' }));
      await eventually(async () => (await own.requestToPayStatus(ref)).status === 'SUCCESSFUL');
      expect(await own.balance('collection')).toEqual({ availableBalance: '102500', currency: 'XAF' });
      const payout = randomUUID();
      await own.transfer(payout, order('237677000444', { amount: '4000' }));
      await eventually(async () => (await own.transferStatus(payout)).status === 'SUCCESSFUL');
      expect(await own.balance('disbursement')).toEqual({ availableBalance: '96000', currency: 'XAF' });
    } finally {
      await isolated.close();
    }
  });

  it('fetches one token per product for many calls at once, and reuses it', async () => {
    await Promise.all(Array.from({ length: 10 }, () => client.requestToPayStatus(randomUUID()).catch(() => null)));
    await client.isAccountHolderActive('237677000111');
    expect(client.tokenRequests).toBe(1);
    await client.transferStatus(randomUUID()).catch(() => null);
    expect(client.tokenRequests).toBe(2);
  });

  it('renews a token shortly before it expires', async () => {
    let now = Date.parse('2026-12-01T08:00:00Z');
    const clock = () => new Date(now);
    const timed = await startMomoHarness(db.connection, { clock, tokenTtlSeconds: 3600 });
    try {
      const own = timed.client({ clock, tokenRenewalMarginMs: 60_000 });
      await own.isAccountHolderActive('237677000111');
      now += 3_500_000; // 58 min 20 s: still valid, not yet in the margin
      await own.isAccountHolderActive('237677000111');
      expect(own.tokenRequests).toBe(1);
      now += 60_000; // inside the last minute: renewed before MTN would refuse it
      await own.isAccountHolderActive('237677000111');
      expect(own.tokenRequests).toBe(2);
    } finally {
      await timed.close();
    }
  });

  it('renews a token MTN says has expired (its clock ahead of ours): 401, then one retry with a new token', async () => {
    let simulatorNow = Date.parse('2026-12-01T08:00:00Z');
    const ahead = await startMomoHarness(db.connection, { clock: () => new Date(simulatorNow), tokenTtlSeconds: 600 });
    try {
      const own = ahead.client({ clock: () => new Date('2026-12-01T08:00:00Z') });
      await own.isAccountHolderActive('237677000111');
      simulatorNow += 601_000;
      expect(await own.isAccountHolderActive('237677000111')).toBe(true);
      expect(own.tokenRequests).toBe(2);
    } finally {
      await ahead.close();
    }
  });

  it('drops a token MTN refuses (401) and retries the call once with a new one', async () => {
    await client.isAccountHolderActive('237677000111');
    await db.connection.collection('sim_mtn_momo_tokens').deleteMany({});
    expect(await client.isAccountHolderActive('237677000111')).toBe(true);
    expect(client.tokenRequests).toBe(2);
  });

  it('fails with 401 and no secret in the error for a wrong API key or subscription key', async () => {
    const wrongKey = momo.client({ apiKey: 'not-the-key' });
    const error = await failure(wrongKey.requestToPayStatus(randomUUID()));
    expect(error).toMatchObject({ operation: 'collectionToken', status: 401, code: 'login_failed' });
    const wrongSubscription = momo.client({ subscriptionKeys: { ...SUBSCRIPTION_KEYS, collection: 'nope-key' } });
    const gateway = await failure(wrongSubscription.requestToPayStatus(randomUUID()));
    expect(gateway.status).toBe(401);
    for (const e of [error, gateway]) {
      const shown = `${e.message} ${JSON.stringify(e)} ${String(e.stack)}`;
      for (const secret of [momo.apiKey, 'not-the-key', SUBSCRIPTION_KEYS.collection, 'nope-key']) {
        expect(shown).not.toContain(secret);
      }
    }
  });

  it('times out a call that hangs, and calls it a timeout', async () => {
    const quick = momo.client({ timeoutMs: 200 });
    await quick.isAccountHolderActive('237677000111');
    momo.simulator.hangNext(1);
    expect(await failure(quick.isAccountHolderActive('237677000111'))).toMatchObject({ kind: 'timeout' });
  });

  it('reports a connection refused as a network failure', async () => {
    const nowhere = momo.client({ baseUrl: 'http://127.0.0.1:9' });
    expect(await failure(nowhere.balance('collection'))).toMatchObject({ kind: 'network', status: null });
  });

  it('provisions a sandbox API user and key that then get tokens', async () => {
    const id = randomUUID();
    const headers = { 'Ocp-Apim-Subscription-Key': SUBSCRIPTION_KEYS.collection, 'Content-Type': 'application/json' };
    const created = await fetch(`${momo.simulatorUrl}/v1_0/apiuser`, {
      method: 'POST',
      headers: { ...headers, 'X-Reference-Id': id },
      body: JSON.stringify({ providerCallbackHost: '127.0.0.1' }),
    });
    expect(created.status).toBe(201);
    const again = await fetch(`${momo.simulatorUrl}/v1_0/apiuser`, {
      method: 'POST',
      headers: { ...headers, 'X-Reference-Id': id },
      body: JSON.stringify({ providerCallbackHost: '127.0.0.1' }),
    });
    expect(again.status).toBe(409);
    const key = await fetch(`${momo.simulatorUrl}/v1_0/apiuser/${id}/apikey`, { method: 'POST', headers });
    expect(key.status).toBe(201);
    const { apiKey } = (await key.json()) as { apiKey: string };
    const user = await fetch(`${momo.simulatorUrl}/v1_0/apiuser/${id}`, { headers });
    expect(await user.json()).toEqual({ providerCallbackHost: '127.0.0.1', targetEnvironment: 'sandbox' });

    const provisioned = momo.client({ apiUser: id, apiKey });
    expect(await provisioned.isAccountHolderActive('237677000111')).toBe(true);
    // Its callbacks must go to its own host.
    const elsewhere = order(undefined, { callbackUrl: 'http://example.org/cb/1' });
    expect(await failure(provisioned.requestToPay(randomUUID(), elsewhere))).toMatchObject({
      status: 500,
      code: 'INVALID_CALLBACK_URL_HOST',
    });
  });

  it('plans faults through the admin route only with the admin token', async () => {
    const post = (token: string) =>
      fetch(`${momo.simulatorUrl}/_admin/faults`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ failNext: 1 }),
      });
    expect((await post('wrong')).status).toBe(401);
    expect((await post(ADMIN_TOKEN)).status).toBe(204);
    expect(await failure(client.balance('collection'))).toMatchObject({ status: 500 });
    expect(await client.balance('collection')).toMatchObject({ currency: 'XAF' });
  });
});
