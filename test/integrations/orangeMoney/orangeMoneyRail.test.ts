/**
 * The Orange Money rail against the simulator over HTTP, with the pay-token store on MongoDB (FerretDB): one
 * payment per reference however often and however concurrently it is asked, every scripted outcome read as the
 * rail port says, expiry, and faults that leave the caller unsure until the status settles.
 */
import { randomUUID } from 'node:crypto';
import type { RailDirection, RailRequest, RailStatus } from '../../../domain/paymentRail';
import type { Francs } from '../../../domain/money';
import type { Msisdn } from '../../../domain/phone';
import { MongoOrangePayTokenStore } from '../../../integrations/mongo/orangePayTokenStore';
import { ORDER_ID_MAX } from '../../../integrations/orangeMoney/orderId';
import { useTestDatabase } from '../../support/database';
import { eventually, rejectionOf, startOrangeHarness, type OrangeHarness } from './orangeHarness';

const db = useTestDatabase();
let harness: OrangeHarness;

beforeAll(async () => {
  harness = await startOrangeHarness(db.connection, { completionDelayMs: 50, expiryMs: 700, hangMs: 600 });
});
afterAll(() => harness.close());
beforeEach(() => harness.simulator.faults.reset());

const rail = () => harness.rail({ store: new MongoOrangePayTokenStore(db.connection) });

function request(national: string, overrides: Partial<RailRequest> = {}): RailRequest {
  return {
    reference: `tr_${randomUUID()}`,
    msisdn: `237${national}` as Msisdn,
    amount: 2500 as Francs,
    payerMessage: 'Top-up for Awa',
    ...overrides,
  };
}

async function paymentsFor(reference: string) {
  return (await harness.simulator.payments()).filter((p) => p.notifUrl.endsWith(`/${reference}`));
}

async function settled(direction: RailDirection, reference: string): Promise<RailStatus> {
  let status: RailStatus = { outcome: 'pending' };
  const orange = rail();
  await eventually(async () => {
    status = await orange.status(direction, reference);
    expect(status.outcome).not.toBe('pending');
  });
  return status;
}

describe('one payment per reference', () => {
  it('collects: accepted, pending, then succeeded', async () => {
    const orange = rail();
    // A "delayed" number (ten completion delays) leaves time to see it pending on a busy machine.
    const asked = request('699123454');
    expect(await orange.requestPayment(asked)).toEqual({ ok: true });
    expect(await orange.status('collect', asked.reference)).toEqual({ outcome: 'pending' });
    expect(await settled('collect', asked.reference)).toEqual({ outcome: 'succeeded' });
    const [payment] = await paymentsFor(asked.reference);
    expect(payment).toMatchObject({ kind: 'mp', subscriberMsisdn: '699123454', amount: 2500 });
    expect(payment?.description).toBe('Top-up for Awa');
    expect(payment?.notifUrl).toBe(`${harness.callbackBaseUrl}/${asked.reference}`);
  });

  it('pays out through cash-in', async () => {
    const asked = request('655987654');
    expect(await rail().payout(asked)).toEqual({ ok: true });
    expect(await settled('payout', asked.reference)).toEqual({ outcome: 'succeeded' });
    expect(await paymentsFor(asked.reference)).toEqual([expect.objectContaining({ kind: 'cashin' })]);
  });

  it('asked twice, pays once', async () => {
    const asked = request('691234567');
    expect(await rail().requestPayment(asked)).toEqual({ ok: true });
    expect(await rail().requestPayment(asked)).toEqual({ ok: true });
    expect(await paymentsFor(asked.reference)).toHaveLength(1);
  });

  it('asked ten times at once through ten rail instances, pays once', async () => {
    const asked = request('691234567');
    const payCalls = harness.simulator.calls['mp/pay'] ?? 0;
    const answers = await Promise.all(Array.from({ length: 10 }, () => rail().requestPayment(asked)));
    expect(answers).toEqual(Array.from({ length: 10 }, () => ({ ok: true })));
    expect(await paymentsFor(asked.reference)).toHaveLength(1);
    expect(harness.simulator.calls['mp/pay']).toBe(payCalls + 1);
    expect(await settled('collect', asked.reference)).toEqual({ outcome: 'succeeded' });
  });

  it('sends the short reference as orderId, and a long reference shortened the same way each time', async () => {
    const short = request('691234567', { shortReference: 'K7Q2M9XA' });
    await rail().requestPayment(short);
    expect((await paymentsFor(short.reference))[0]?.orderId).toBe('K7Q2M9XA');

    const long = request('691234567');
    await rail().requestPayment(long);
    const orderId = (await paymentsFor(long.reference))[0]?.orderId ?? '';
    expect(orderId).toMatch(new RegExp(`^[A-Za-z0-9]{1,${ORDER_ID_MAX}}$`));
    expect(orderId.startsWith('tr')).toBe(true);
  });
});

describe('scripted outcomes (the payer’s number 6XX12345D)', () => {
  const cases: [RailDirection, string, RailStatus][] = [
    ['collect', '699123450', { outcome: 'failed', reason: 'PAYER_FAILED' }],
    ['collect', '699123451', { outcome: 'failed', reason: 'REJECTED' }],
    ['collect', '699123452', { outcome: 'failed', reason: 'EXPIRED' }],
    ['collect', '699123455', { outcome: 'failed', reason: 'PAYER_FAILED' }],
    ['payout', '655123450', { outcome: 'failed', reason: 'PAYER_FAILED' }],
    ['payout', '655123451', { outcome: 'failed', reason: 'REJECTED' }],
    ['payout', '655123455', { outcome: 'failed', reason: 'NOT_ENOUGH_FUNDS' }],
    ['payout', '655123456', { outcome: 'failed', reason: 'PAYER_FAILED' }],
  ];
  it.each(cases)('%s to %s ends %j', async (direction, number, expected) => {
    const asked = request(number);
    const orange = rail();
    const accepted = direction === 'collect' ? orange.requestPayment(asked) : orange.payout(asked);
    expect(await accepted).toEqual({ ok: true });
    expect(await settled(direction, asked.reference)).toEqual(expected);
  });

  it('a delayed number (…4) succeeds after ten completion delays', async () => {
    const asked = request('699123454');
    await rail().requestPayment(asked);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await rail().status('collect', asked.reference)).toEqual({ outcome: 'pending' });
    expect(await settled('collect', asked.reference)).toEqual({ outcome: 'succeeded' });
  });

  it('a payer who never answers (…3) is EXPIRED after the expiry', async () => {
    const asked = request('699123453');
    await rail().requestPayment(asked);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await rail().status('collect', asked.reference)).toEqual({ outcome: 'pending' });
    expect(await settled('collect', asked.reference)).toEqual({ outcome: 'failed', reason: 'EXPIRED' });
  });
});

describe('refusals and faults', () => {
  it('refuses a number that is not Orange’s and an amount that is not whole francs, asking Orange nothing', async () => {
    const inits = harness.simulator.calls['mp/init'] ?? 0;
    expect(await rail().requestPayment(request('677123456'))).toEqual({ ok: false, reason: 'INVALID_NUMBER' });
    const fractional = request('691234567', { amount: 10.5 as Francs });
    expect(await rail().requestPayment(fractional)).toEqual({ ok: false, reason: 'INVALID_AMOUNT' });
    expect(harness.simulator.calls['mp/init'] ?? 0).toBe(inits);
  });

  it('a reference it never paid is NOT_FOUND, and so is one asked in the other direction', async () => {
    expect(await rail().status('collect', 'tr_unknown')).toEqual({ outcome: 'failed', reason: 'NOT_FOUND' });
    const asked = request('691234567');
    await rail().requestPayment(asked);
    expect(await rail().status('payout', asked.reference)).toEqual({ outcome: 'failed', reason: 'NOT_FOUND' });
  });

  it('Orange refusing the payment (a wrong merchant PIN) is UNAVAILABLE', async () => {
    const orange = harness.rail({ client: harness.client({ pin: '11111' }) });
    expect(await orange.requestPayment(request('691234567'))).toEqual({ ok: false, reason: 'UNAVAILABLE' });
  });

  it('a refused init stays refused: a slower call for the same reference (a stalled process) pays nothing', async () => {
    const store = new MongoOrangePayTokenStore(db.connection);
    const refused = harness.rail({ client: harness.client({ consumerSecret: 'not-the-consumer-secret' }), store });
    const slower = harness.rail({ store });
    const asked = request('691234568');
    expect(await refused.payout(asked)).toEqual({ ok: false, reason: 'UNAVAILABLE' });
    // The caller released the money on that refusal; the stalled call for the same payout must not pay it out.
    expect(await slower.payout(asked)).toEqual({ ok: false, reason: 'UNAVAILABLE' });
    expect(await paymentsFor(asked.reference)).toEqual([]);
    expect(await slower.status('payout', asked.reference)).toEqual({ outcome: 'failed', reason: 'NOT_FOUND' });
  });

  it('a 500 on init throws, and nothing was started', async () => {
    harness.simulator.faults.failNext(1);
    const asked = request('691234567');
    const error = await rejectionOf(rail().requestPayment(asked));
    expect(error).toMatchObject({ operation: 'mp/init', status: 500 });
    expect(await rail().status('collect', asked.reference)).toEqual({ outcome: 'failed', reason: 'NOT_FOUND' });
  });

  it('a pay that hangs past the timeout throws; a retry pays nothing more; the status settles', async () => {
    const orange = harness.rail({
      client: harness.client({ timeoutMs: 250 }),
      store: new MongoOrangePayTokenStore(db.connection),
    });
    const asked = request('691234567');
    harness.simulator.faults.hangNext(1, 'mp/pay');
    const error = await rejectionOf(orange.requestPayment(asked));
    expect(error).toMatchObject({ operation: 'mp/pay', kind: 'timeout' });
    expect(await orange.requestPayment(asked)).toEqual({ ok: true });
    expect(await settled('collect', asked.reference)).toEqual({ outcome: 'succeeded' });
    expect(await paymentsFor(asked.reference)).toHaveLength(1);
  });

  it('a status asked during a 500 throws rather than guessing', async () => {
    const asked = request('691234567');
    await rail().requestPayment(asked);
    harness.simulator.faults.failNext(1);
    await expect(rail().status('collect', asked.reference)).rejects.toMatchObject({ status: 500 });
  });

  it('a payment told to stay pending is still pending after the expiry', async () => {
    harness.simulator.faults.stayPending(1);
    const asked = request('691234567');
    await rail().requestPayment(asked);
    await new Promise((resolve) => setTimeout(resolve, 750));
    expect(await rail().status('collect', asked.reference)).toEqual({ outcome: 'pending' });
  });
});
