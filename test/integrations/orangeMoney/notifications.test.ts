/**
 * Orange's notifications, end to end over HTTP: the simulator posts `{payToken, status, message}` to the notifUrl
 * the rail gave, our route hands `{reference, rail: 'orange_money'}` on; duplicates, drops and late ones as the
 * faults say; the admin route that sets them; and the simulator's state surviving a new instance.
 */
import { randomUUID } from 'node:crypto';
import express from 'express';
import http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Francs } from '../../../domain/money';
import type { RailCallback, RailRequest } from '../../../domain/paymentRail';
import type { Msisdn } from '../../../domain/phone';
import { orangeMoneyCallbackRoute } from '../../../integrations/orangeMoney/callbackRoute';
import { MongoOrangePayTokenStore } from '../../../integrations/mongo/orangePayTokenStore';
import { useTestDatabase } from '../../support/database';
import { ADMIN_TOKEN, eventually, startOrangeHarness, type OrangeHarness } from './orangeHarness';

const db = useTestDatabase();
let harness: OrangeHarness;

beforeAll(async () => {
  harness = await startOrangeHarness(db.connection, { completionDelayMs: 50 });
});
afterAll(() => harness.close());
beforeEach(() => harness.simulator.faults.reset());

const rail = () => harness.rail({ store: new MongoOrangePayTokenStore(db.connection) });

function request(national = '691234567'): RailRequest {
  return { reference: `tr_${randomUUID()}`, msisdn: `237${national}` as Msisdn, amount: 1000 as Francs };
}

const callbacksFor = (reference: string) => harness.callbacks.filter((c) => c.reference === reference);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('notifications', () => {
  it('reach our route as a callback for the reference, once the payment settles', async () => {
    const asked = request();
    await rail().requestPayment(asked);
    await eventually(() =>
      expect(callbacksFor(asked.reference)).toEqual([{ reference: asked.reference, rail: 'orange_money' }]),
    );
    expect(await rail().status('collect', asked.reference)).toEqual({ outcome: 'succeeded' });
  });

  it('a duplicated notification reaches the route twice (the handler must not trust it)', async () => {
    harness.simulator.faults.duplicateNotifications(1);
    const asked = request();
    await rail().requestPayment(asked);
    await eventually(() => expect(callbacksFor(asked.reference)).toHaveLength(2));
  });

  it('a dropped notification never comes, and the status still tells', async () => {
    harness.simulator.faults.dropNotifications(1);
    const asked = request();
    await rail().requestPayment(asked);
    await eventually(async () =>
      expect(await rail().status('collect', asked.reference)).toEqual({ outcome: 'succeeded' }),
    );
    await pause(200);
    expect(callbacksFor(asked.reference)).toEqual([]);
  });

  it('a late notification comes after the payment settled', async () => {
    harness.simulator.faults.delayNotifications(1, 400);
    const asked = request();
    await rail().requestPayment(asked);
    await eventually(async () =>
      expect(await rail().status('collect', asked.reference)).toEqual({ outcome: 'succeeded' }),
    );
    expect(callbacksFor(asked.reference)).toEqual([]);
    await eventually(() => expect(callbacksFor(asked.reference)).toHaveLength(1));
  });

  it('a failed payment is notified too (a payer who declined)', async () => {
    const asked = request('699123451');
    await rail().requestPayment(asked);
    await eventually(() => expect(callbacksFor(asked.reference)).toHaveLength(1));
    expect(await rail().status('collect', asked.reference)).toEqual({ outcome: 'failed', reason: 'REJECTED' });
  });
});

describe('the callback route', () => {
  it('answers 200 at once, even while the handler is slow or fails', async () => {
    const handled: RailCallback[] = [];
    let release: () => void = () => undefined;
    const app = express();
    app.use(
      '/orange',
      orangeMoneyCallbackRoute({
        onCallback: async (callback) => {
          await new Promise<void>((resolve) => (release = resolve));
          handled.push(callback);
          throw new Error('the handler failed');
        },
        onError: () => undefined,
      }),
    );
    const server = http.createServer(app).listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/orange/tr_abc`;
      const body = JSON.stringify({ payToken: 'MP1', status: 'SUCCESSFULL', message: 'ok' });
      const answer = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
      expect(answer.status).toBe(200);
      expect(handled).toEqual([]);
      release();
      await eventually(() => expect(handled).toEqual([{ reference: 'tr_abc', rail: 'orange_money' }]));
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe('the admin route', () => {
  const post = (body: unknown, token?: string) =>
    fetch(`${harness.simulatorUrl}/_admin/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { 'X-Admin-Token': token } : {}) },
      body: JSON.stringify(body),
    });

  it('refuses a caller without the admin token, and a body it does not know', async () => {
    expect((await post({ failNext: 1 })).status).toBe(401);
    expect((await post({ failNext: 1 }, 'wrong')).status).toBe(401);
    expect((await post({ explode: true }, ADMIN_TOKEN)).status).toBe(400);
    await expect(harness.client().initPayment()).resolves.toMatch(/^MP/);
  });

  it('sets faults: the next call answers 500', async () => {
    expect((await post({ failNext: 1, operation: 'mp/init' }, ADMIN_TOKEN)).status).toBe(200);
    await expect(harness.client().initPayment()).rejects.toMatchObject({ status: 500 });
    await expect(harness.client().initPayment()).resolves.toMatch(/^MP/);
  });
});

describe('a restart of the simulator', () => {
  it('keeps tokens and payments: a new instance on the same database answers for them', async () => {
    const client = harness.client();
    const orange = harness.rail({ client, store: new MongoOrangePayTokenStore(db.connection) });
    const open = request('699123454'); // ten completion delays: settles after the restart
    const stuck = request('655123453'); // a cash-in that stays pending
    await orange.requestPayment(open);
    await orange.payout(stuck);

    harness.restartSimulator();
    expect(await orange.status('payout', stuck.reference)).toEqual({ outcome: 'pending' });
    expect(harness.simulator.calls.token ?? 0).toBe(0); // the new instance took the token the old one issued
    await eventually(async () =>
      expect(await orange.status('collect', open.reference)).toEqual({ outcome: 'succeeded' }),
    );
    const references = (await harness.simulator.payments()).map((p) => p.notifUrl.split('/').pop());
    expect(references).toEqual(expect.arrayContaining([open.reference, stuck.reference]));
  });
});
