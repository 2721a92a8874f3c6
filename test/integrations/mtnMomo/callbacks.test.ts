import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Francs } from '../../../domain/money';
import type { RailRequest } from '../../../domain/paymentRail';
import type { Msisdn } from '../../../domain/phone';
import { mtnMomoCallbackRouter } from '../../../integrations/mtnMomo/callbackRoute';
import { useTestDatabase } from '../../support/database';
import { eventually, startMomoHarness, type MomoHarness } from './momoHarness';

const request = (msisdn = '237677000111'): RailRequest => ({
  reference: `topup:${randomUUID()}`,
  msisdn: msisdn as Msisdn,
  amount: 2_000 as Francs,
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("MTN MoMo callbacks: the simulator's, received by our route over HTTP", () => {
  const db = useTestDatabase();
  let momo: MomoHarness;

  beforeAll(async () => {
    momo = await startMomoHarness(db.connection, { completionDelayMs: 40 });
  });
  afterAll(() => momo.close());
  beforeEach(() => {
    momo.simulator.resetFaults();
    momo.received.length = 0;
  });

  const handled = (reference: string) => momo.received.filter((callback) => callback.reference === reference).length;

  it("calls back when a payment ends; the handler is told our reference, taken from the URL, not MTN's body", async () => {
    const r = { ...request(), shortReference: 'TP4X8N2C' };
    await momo.rail().requestPayment(r);
    await eventually(() => handled(r.reference) === 1);
    expect(momo.received).toEqual([{ reference: r.reference, rail: 'mtn_momo' }]);
    const sent = momo.simulator.callbacks.find((c) => c.url.endsWith(encodeURIComponent(r.reference)))!;
    // The route answers before the handler runs; the simulator records the answer when it arrives.
    await eventually(() => sent.answeredWith !== null);
    expect(sent).toMatchObject({ method: 'POST', answeredWith: 200 });
    expect(sent.body).toMatchObject({ status: 'SUCCESSFUL', amount: '2000', payer: { partyId: '237677000111' } });
    expect(JSON.stringify(sent.body)).not.toContain(r.reference);
  });

  it('calls back a failed transfer too', async () => {
    const r = request('237677123451');
    await momo.rail().payout(r);
    await eventually(() => handled(r.reference) === 1);
    const sent = momo.simulator.callbacks.find((c) => c.url.endsWith(encodeURIComponent(r.reference)))!;
    expect(sent.body).toMatchObject({ status: 'FAILED', reason: 'APPROVAL_REJECTED', payee: expect.any(Object) });
  });

  it('hands a duplicated callback to the handler twice (harmless: the handler only asks the status)', async () => {
    const r = request();
    momo.simulator.duplicateCallbacks(1);
    await momo.rail().requestPayment(r);
    await eventually(() => handled(r.reference) === 2);
  });

  it('loses a dropped callback; the status still tells the outcome', async () => {
    const r = request();
    const rail = momo.rail();
    momo.simulator.dropCallbacks(1);
    await rail.requestPayment(r);
    await eventually(async () => (await rail.status('collect', r.reference)).outcome === 'succeeded');
    await pause(100);
    expect(handled(r.reference)).toBe(0);
  });

  it('delivers a delayed callback late', async () => {
    const r = request();
    momo.simulator.delayCallbacks(1, 500);
    const rail = momo.rail();
    await rail.requestPayment(r);
    await eventually(async () => (await rail.status('collect', r.reference)).outcome === 'succeeded');
    expect(handled(r.reference)).toBe(0);
    await eventually(() => handled(r.reference) === 1);
  });

  it('never calls back a payment planned to stay pending forever', async () => {
    const r = request();
    const rail = momo.rail();
    momo.simulator.pendingForever(1);
    await rail.requestPayment(r);
    await pause(200);
    expect(await rail.status('collect', r.reference)).toEqual({ outcome: 'pending' });
    expect(handled(r.reference)).toBe(0);
  });

  it('plans callback faults through the admin route as well', async () => {
    const r = request();
    const planned = await fetch(`${momo.simulatorUrl}/_admin/faults`, {
      method: 'POST',
      headers: { Authorization: 'Bearer admin-token-for-tests-only', 'Content-Type': 'application/json' },
      body: JSON.stringify({ duplicateCallbacks: 1 }),
    });
    expect(planned.status).toBe(204);
    await momo.rail().payout(r);
    await eventually(() => handled(r.reference) === 2);
  });

  it('takes PUT callbacks as well as POST', async () => {
    const putting = await startMomoHarness(db.connection, { completionDelayMs: 40, callbackMethod: 'PUT' });
    try {
      const r = request();
      await putting.rail().requestPayment(r);
      await eventually(() => putting.received.length === 1);
      expect(putting.received).toEqual([{ reference: r.reference, rail: 'mtn_momo' }]);
      await eventually(() => putting.simulator.callbacks[0]?.answeredWith !== null);
      expect(putting.simulator.callbacks[0]).toMatchObject({ method: 'PUT', answeredWith: 200 });
    } finally {
      await putting.close();
    }
  });

  it('answers 200 at once whatever the body, and never passes the body on', async () => {
    for (const body of ['not json', '{"status":"SUCCESSFUL","externalId":"forged"}', '']) {
      const answer = await fetch(`${momo.callbackBaseUrl}/${encodeURIComponent('topup:forged')}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
      });
      expect(answer.status).toBe(200);
    }
    await eventually(() => handled('topup:forged') === 3);
    expect(momo.received.every((c) => Object.keys(c).sort().join() === 'rail,reference')).toBe(true);
  });

  it('answers 200 before a slow or failing handler finishes, and reports the failure', async () => {
    const errors: string[] = [];
    let release: () => void = () => undefined;
    const app = express();
    app.use(
      '/cb',
      mtnMomoCallbackRouter({
        handler: (callback) =>
          new Promise((_resolve, reject) => {
            release = () => reject(new Error(`could not settle ${callback.reference}`));
          }),
        onError: (error) => errors.push((error as Error).message),
      }),
    );
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const answer = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/cb/withdraw%3Ak1`, {
        method: 'PUT',
      });
      expect(answer.status).toBe(200);
      release();
      await eventually(() => errors.length === 1);
      expect(errors).toEqual(['could not settle withdraw:k1']);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('keeps its users, tokens and payments across a restart on the same database', async () => {
    const first = await startMomoHarness(db.connection, { completionDelayMs: 40 });
    const order = { amount: '700', currency: 'XAF', externalId: 'RESTART1', msisdn: '237677000666' };
    const ref = randomUUID();
    await first.client().requestToPay(ref, order);
    const token = await tokenOf(first);
    await first.close();

    const restarted = await startMomoHarness(db.connection, {
      completionDelayMs: 40,
      defaultApiUser: { apiUser: first.apiUser, apiKey: first.apiKey },
    });
    try {
      const client = restarted.client();
      await eventually(async () => (await client.requestToPayStatus(ref)).status === 'SUCCESSFUL');
      expect(await client.requestToPayStatus(ref)).toMatchObject({ externalId: 'RESTART1', amount: '700' });
      await expect(client.requestToPay(ref, order)).rejects.toMatchObject({
        status: 409,
        code: 'RESOURCE_ALREADY_EXIST',
      });
      // A token the first instance issued still works.
      const withOldToken = await fetch(`${restarted.simulatorUrl}/collection/v1_0/requesttopay/${ref}`, {
        headers: {
          Authorization: `Bearer ${token}`,
          'Ocp-Apim-Subscription-Key': 'collection-subscription-key',
          'X-Target-Environment': 'mtncameroon',
        },
      });
      expect(withOldToken.status).toBe(200);
    } finally {
      await restarted.close();
    }
  });
});

/** A token issued by the first instance, straight from its token endpoint. */
async function tokenOf(momo: MomoHarness): Promise<string> {
  const answer = await fetch(`${momo.simulatorUrl}/collection/token/`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`${momo.apiUser}:${momo.apiKey}`).toString('base64')}`,
      'Ocp-Apim-Subscription-Key': 'collection-subscription-key',
    },
  });
  return ((await answer.json()) as { access_token: string }).access_token;
}
