import { randomUUID } from 'node:crypto';
import type { Francs } from '../../../domain/money';
import type { RailDirection, RailRequest, RailStatus } from '../../../domain/paymentRail';
import type { Msisdn } from '../../../domain/phone';
import { MtnMomoError } from '../../../integrations/mtnMomo/client';
import type { MtnMomoRail } from '../../../integrations/mtnMomo/mtnMomoRail';
import { isUuidV4, mtnReferenceId } from '../../../integrations/mtnMomo/referenceId';
import { useTestDatabase } from '../../support/database';
import { eventually, startMomoHarness, type MomoHarness } from './momoHarness';

const request = (msisdn: string, overrides: Partial<RailRequest> = {}): RailRequest => ({
  reference: `topup:${randomUUID()}`,
  msisdn: msisdn as Msisdn,
  amount: 5_000 as Francs,
  payerMessage: 'Recharge demandee par Jeanne',
  ...overrides,
});

const ask = (rail: MtnMomoRail, direction: RailDirection, r: RailRequest) =>
  direction === 'collect' ? rail.requestPayment(r) : rail.payout(r);

/** Asks until the rail says something other than pending; returns what it says. */
async function settled(rail: MtnMomoRail, direction: RailDirection, reference: string): Promise<RailStatus> {
  let status: RailStatus = { outcome: 'pending' };
  await eventually(async () => (status = await rail.status(direction, reference)).outcome !== 'pending');
  return status;
}

const failed = (reason: string) => ({ outcome: 'failed', reason });
const succeeded = { outcome: 'succeeded' };

// MTN's sandbox table through the rail: [last digits, request to pay, transfer]; 453 stays pending.
const MTN_SANDBOX: [string, object, object][] = [
  ['450', failed('PAYER_FAILED'), failed('PAYER_FAILED')],
  ['451', failed('REJECTED'), failed('REJECTED')],
  ['452', failed('EXPIRED'), failed('EXPIRED')],
  ['454', succeeded, succeeded],
  ['455', failed('PAYER_NOT_FOUND'), failed('NOT_ENOUGH_FUNDS')],
  ['456', failed('PAYEE_NOT_ALLOWED'), failed('LIMIT_REACHED')],
  ...['457', '458', '459', '460', '461', '462', '463'].map((n): [string, object, object] => [
    n,
    failed('PAYER_FAILED'),
    failed('PAYER_FAILED'),
  ]),
  ['499', succeeded, succeeded],
];

// The product's Cameroonian test numbers 6XX12345D (docs/channels.md), the same table as the in-process rail.
const CAMEROON: [string, object, object][] = [
  ['0', failed('PAYER_FAILED'), failed('PAYER_FAILED')],
  ['1', failed('REJECTED'), failed('REJECTED')],
  ['2', failed('EXPIRED'), failed('EXPIRED')],
  ['4', succeeded, succeeded],
  ['5', failed('PAYER_NOT_FOUND'), failed('NOT_ENOUGH_FUNDS')],
  ['6', failed('PAYEE_NOT_ALLOWED'), failed('LIMIT_REACHED')],
  ['9', succeeded, succeeded],
];

describe('the MTN MoMo rail against the simulator, over HTTP', () => {
  const db = useTestDatabase();
  let momo: MomoHarness;
  let rail: MtnMomoRail;
  let sandboxRail: MtnMomoRail;

  beforeAll(async () => {
    // Short completions: a "delayed" number takes ten of them.
    momo = await startMomoHarness(db.connection, { completionDelayMs: 40 });
    rail = momo.rail();
    sandboxRail = momo.rail({ currency: 'EUR' }, momo.client({ targetEnvironment: 'sandbox' }));
  });
  afterAll(() => momo.close());
  beforeEach(() => momo.simulator.resetFaults());

  describe.each(['collect', 'payout'] as const)('%s', (direction) => {
    const column = direction === 'collect' ? 1 : 2;

    it.each(MTN_SANDBOX.map((row) => [row[0], row[column]!] as const))(
      "MTN's sandbox number 46733123%s ends as MTN's table says",
      async (digits, expected) => {
        const r = request(`46733123${digits}`);
        expect(await ask(sandboxRail, direction, r)).toEqual({ ok: true });
        expect(await settled(sandboxRail, direction, r.reference)).toEqual(expected);
      },
    );

    it.each(CAMEROON.map((row) => [row[0], row[column]!] as const))(
      'the test number 67712345%s ends as the product documents',
      async (digit, expected) => {
        const r = request(`23767712345${digit}`);
        expect(await ask(rail, direction, r)).toEqual({ ok: true });
        expect(await settled(rail, direction, r.reference)).toEqual(expected);
      },
    );

    it('keeps 46733123453 and 677123453 pending', async () => {
      const mtn = request('46733123453');
      const ours = request('237677123453');
      await ask(sandboxRail, direction, mtn);
      await ask(rail, direction, ours);
      await new Promise((resolve) => setTimeout(resolve, 120)); // three completion delays
      expect(await sandboxRail.status(direction, mtn.reference)).toEqual({ outcome: 'pending' });
      expect(await rail.status(direction, ours.reference)).toEqual({ outcome: 'pending' });
    });
  });

  it('accepts a repeated reference once: the 409 is an acceptance, and MTN holds one payment', async () => {
    const first = request('237677000111');
    expect(await rail.requestPayment(first)).toEqual({ ok: true });
    expect(await rail.requestPayment({ ...first, amount: 9_000 as Francs })).toEqual({ ok: true });
    const stored = await db.connection
      .collection('sim_mtn_momo_payments')
      .find({ referenceId: mtnReferenceId(first.reference) })
      .toArray();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ amount: '5000', product: 'collection' });
  });

  it('refuses a number MTN rejects and an amount it rejects, and creates nothing', async () => {
    const badNumber = request('2376771');
    const badAmount = request('237677000111', { amount: 0 as Francs });
    expect(await rail.requestPayment(badNumber)).toEqual({ ok: false, reason: 'INVALID_NUMBER' });
    expect(await rail.payout(badAmount)).toEqual({ ok: false, reason: 'INVALID_AMOUNT' });
    expect(await rail.status('collect', badNumber.reference)).toEqual(failed('NOT_FOUND'));
    expect(await rail.status('payout', badAmount.reference)).toEqual(failed('NOT_FOUND'));
  });

  it("throws on a 400 that is our own mistake (an apostrophe MTN refuses), not the person's", async () => {
    await expect(rail.requestPayment(request('237677000111', { payerMessage: "l'ami" }))).rejects.toMatchObject({
      status: 400,
    });
  });

  it('throws on a 500, and the status then says MTN never had the payment', async () => {
    const r = request('237677000222');
    momo.simulator.failNext(1);
    await expect(rail.requestPayment(r)).rejects.toBeInstanceOf(MtnMomoError);
    expect(await rail.status('collect', r.reference)).toEqual(failed('NOT_FOUND'));
  });

  it('throws on the wrong currency (500 INVALID_CURRENCY) rather than refusing', async () => {
    const euros = momo.rail({ currency: 'EUR' });
    await expect(euros.payout(request('237677000333'))).rejects.toMatchObject({
      status: 500,
      code: 'INVALID_CURRENCY',
    });
  });

  it('throws when MTN does not answer in time; the status later says how the payment went', async () => {
    const quick = momo.rail({}, momo.client({ timeoutMs: 300 }));
    const r = request('237677000444');
    momo.simulator.hangNext(1);
    await expect(quick.payout(r)).rejects.toMatchObject({ kind: 'timeout' });
    expect(await settled(quick, 'payout', r.reference)).toEqual(succeeded);
  });

  it("sends the short reference as MTN's externalId, and our reference in the callback URL", async () => {
    const withShort = request('237677000555', { shortReference: 'TP7K2M9Q' });
    const without = request('237677000555');
    await rail.requestPayment(withShort);
    await rail.requestPayment(without);
    const payments = db.connection.collection('sim_mtn_momo_payments');
    const a = await payments.findOne({ referenceId: mtnReferenceId(withShort.reference) });
    const b = await payments.findOne({ referenceId: mtnReferenceId(without.reference) });
    expect(a).toMatchObject({
      externalId: 'TP7K2M9Q',
      currency: 'XAF',
      amount: '5000',
      partyId: '237677000555',
      payerMessage: 'Recharge demandee par Jeanne',
      callbackUrl: `${momo.callbackBaseUrl}/${encodeURIComponent(withShort.reference)}`,
    });
    expect(b).toMatchObject({ externalId: without.reference });
  });

  it('names an active account holder, says when a number has no active account, and throws when MTN fails', async () => {
    const plain = await rail.accountHolder('237677000111' as Msisdn);
    expect(plain).toEqual({ active: true, name: expect.stringMatching(/^\S+ \S+$/) });
    expect(await rail.accountHolder('237677000111' as Msisdn)).toEqual(plain);
    expect(await sandboxRail.accountHolder('46733123450' as Msisdn)).toEqual({ active: true, name: 'Sand Box' });
    expect(await rail.accountHolder('237677123455' as Msisdn)).toEqual({ active: false });
    momo.simulator.failNext(1);
    await expect(rail.accountHolder('237677000111' as Msisdn)).rejects.toMatchObject({ kind: 'http', status: 500 });
  });

  it('derives one valid UUID v4 per transfer id, the same every time', () => {
    const a = mtnReferenceId('topup:abc');
    expect(isUuidV4(a)).toBe(true);
    expect(mtnReferenceId('topup:abc')).toBe(a);
    expect(mtnReferenceId('withdraw:abc')).not.toBe(a);
    const bare = randomUUID();
    expect(mtnReferenceId(bare)).toBe(bare);
  });
});
