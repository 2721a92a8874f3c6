/**
 * The card rail through Notch Pay, against the simulator over HTTP and the real database: what a collection sends
 * and answers, that asking twice makes one payment (even when the first answer was lost), and how every Notch Pay
 * status reads on the port.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Francs } from '../../../domain/money';
import type { Msisdn } from '../../../domain/phone';
import type { RailRequest, RailStatus } from '../../../domain/paymentRail';
import { NotchPayError } from '../../../integrations/notchPay/client';
import { fullMerchantReference, NotchPayReferences } from '../../../integrations/notchPay/referenceStore';
import { useTestDatabase } from '../../support/database';
import { eventually, RETURN_PATH, startNotchPayHarness, transferId, type NotchPayHarness } from './support';

const db = useTestDatabase();
let harness: NotchPayHarness;

beforeAll(async () => {
  harness = await startNotchPayHarness(db.connection);
});
afterAll(async () => harness.close());
afterEach(() => harness.simulator.faults.reset());

function request(overrides: Partial<RailRequest> = {}): RailRequest {
  return {
    reference: transferId(),
    msisdn: '237677123456' as Msisdn,
    amount: 5000 as Francs,
    payerMessage: 'Top-up for Awa',
    ...overrides,
  };
}

/** Moves the simulated payment to `status`, as Notch Pay's side would. */
async function setStatus(merchantReference: string, status: string): Promise<void> {
  const result = await db.connection
    .collection('sim_notch_pay_payments')
    .updateOne({ merchantReference }, { $set: { status } });
  expect(result.matchedCount).toBe(1);
}

async function simulatedCount(merchantReference: string): Promise<number> {
  return db.connection.collection('sim_notch_pay_payments').countDocuments({ merchantReference });
}

describe('NotchPayRail', () => {
  it('creates a Notch Pay payment under the short reference and answers its checkout page', async () => {
    const shortReference = randomBytes(4).toString('hex').toUpperCase();
    const asked = request({ shortReference });
    const acceptance = await harness.rail().requestPayment(asked);
    expect(acceptance).toEqual({ ok: true, checkoutUrl: expect.stringMatching(`^${harness.simulatorUrl}/checkout/`) });
    const payment = await harness.simulator.payment(shortReference);
    expect(payment).toMatchObject({
      merchantReference: shortReference,
      amount: 5000,
      currency: 'XAF',
      description: 'Top-up for Awa',
      callback: `${harness.url}${RETURN_PATH}`,
      customer: { phone: '+237677123456' },
      status: 'pending',
    });
    await expect(harness.rail().status('collect', asked.reference)).resolves.toEqual({ outcome: 'pending' });
  });

  it('maps the reference Notch Pay got back to the transfer id, for the webhook', async () => {
    const shortReference = randomBytes(4).toString('hex').toUpperCase();
    const asked = request({ shortReference });
    await harness.rail().requestPayment(asked);
    const references = new NotchPayReferences(db.connection);
    await expect(references.transferOf(shortReference)).resolves.toBe(asked.reference);
    await expect(references.transferOf('NEVERSENT')).resolves.toBeUndefined();
  });

  it('sends the transfer id when there is no short reference', async () => {
    const asked = request();
    await harness.rail().requestPayment(asked);
    expect(await simulatedCount(asked.reference)).toBe(1);
  });

  it('sends a ledger transfer id (with its colon) in the characters Notch Pay takes, and maps it back', async () => {
    const asked = request({ reference: `topup:${randomUUID()}` });
    const acceptance = await harness.rail().requestPayment(asked);
    expect(acceptance).toEqual({ ok: true, checkoutUrl: expect.any(String) });
    const sent = fullMerchantReference(asked.reference);
    expect(sent).toBe(asked.reference.replace(':', '-'));
    expect(await simulatedCount(sent)).toBe(1);
    await expect(new NotchPayReferences(db.connection).transferOf(sent)).resolves.toBe(asked.reference);
    await expect(harness.rail().status('collect', asked.reference)).resolves.toEqual({ outcome: 'pending' });
    // An id too long for Notch Pay is cut the same way every time, with a hash of the whole id.
    const long = `topup:${'x'.repeat(80)}`;
    expect(fullMerchantReference(long)).toMatch(/^topup-x{49}-[0-9a-f]{8}$/);
    expect(fullMerchantReference(long)).toBe(fullMerchantReference(long));
    expect(fullMerchantReference(`${long}y`)).not.toBe(fullMerchantReference(long));
  });

  it('asked twice, makes one payment and answers the same page', async () => {
    const asked = request({ shortReference: randomBytes(4).toString('hex') });
    const first = await harness.rail().requestPayment(asked);
    const again = await harness.rail().requestPayment(asked);
    expect(again).toEqual(first);
    expect(await simulatedCount(asked.shortReference!)).toBe(1);
  });

  it('asked five times at once (two processes, a retry), still makes one payment, and all are accepted', async () => {
    const asked = request({ shortReference: randomBytes(4).toString('hex') });
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => harness.rail().requestPayment(asked)));
    expect(answers.every((answer) => answer.ok)).toBe(true);
    expect(answers.some((answer) => answer.ok && answer.checkoutUrl)).toBe(true);
    expect(await simulatedCount(asked.shortReference!)).toBe(1);
  });

  it('takes Notch Pay’s 409 for an earlier ask whose answer was lost as accepted, without a second payment', async () => {
    const asked = request({ shortReference: randomBytes(4).toString('hex') });
    // The first ask reached Notch Pay, but its answer never came back (a timeout): it already has the reference.
    harness.simulator.faults.hangNextApiCalls(1);
    await expect(harness.rail({ timeoutMs: 300 }).requestPayment(asked)).rejects.toMatchObject({ kind: 'timeout' });
    await harness.client().initialize({
      amount: 5000,
      currency: 'XAF',
      customer: { phone: '+237677123456' },
      description: 'Top-up for Awa',
      callback: `${harness.url}${RETURN_PATH}`,
      reference: asked.shortReference!,
    });
    await expect(harness.rail().requestPayment(asked)).resolves.toEqual({ ok: true });
    expect(await simulatedCount(asked.shortReference!)).toBe(1);
    await setStatus(asked.shortReference!, 'complete');
    await expect(harness.rail().status('collect', asked.reference)).resolves.toEqual({ outcome: 'succeeded' });
  });

  it('gives up a short reference another transfer (or another shop on the account) holds, for the transfer id', async () => {
    const shared = randomBytes(4).toString('hex');
    const mine = request({ shortReference: shared });
    const theirs = request({ shortReference: shared, amount: 7000 as Francs });
    await harness.rail().requestPayment(mine);
    await harness.rail().requestPayment(theirs);
    expect(await simulatedCount(theirs.reference)).toBe(1);
    await setStatus(shared, 'complete');
    await expect(harness.rail().status('collect', mine.reference)).resolves.toEqual({ outcome: 'succeeded' });
    await expect(harness.rail().status('collect', theirs.reference)).resolves.toEqual({ outcome: 'pending' });

    // Held by a payment made outside this database: a 409 for a payment that is not ours (another amount).
    const elsewhere = randomBytes(4).toString('hex');
    await harness.client().initialize({
      amount: 100,
      currency: 'XAF',
      customer: { phone: '+237699000000' },
      description: 'another shop',
      callback: 'https://elsewhere.example/return',
      reference: elsewhere,
    });
    const asked = request({ shortReference: elsewhere });
    await expect(harness.rail().requestPayment(asked)).resolves.toMatchObject({
      ok: true,
      checkoutUrl: expect.any(String),
    });
    expect(await simulatedCount(asked.reference)).toBe(1);
  });

  it.each<[string, RailStatus]>([
    ['pending', { outcome: 'pending' }],
    ['processing', { outcome: 'pending' }],
    ['incomplete', { outcome: 'pending' }],
    ['complete', { outcome: 'succeeded' }],
    ['failed', { outcome: 'failed', reason: 'PAYER_FAILED' }],
    ['canceled', { outcome: 'failed', reason: 'REJECTED' }],
    ['rejected', { outcome: 'failed', reason: 'REJECTED' }],
    ['abandoned', { outcome: 'failed', reason: 'REJECTED' }],
    ['expired', { outcome: 'failed', reason: 'EXPIRED' }],
    ['refunded', { outcome: 'failed', reason: 'REJECTED' }],
  ])('reads Notch Pay’s %s as %j', async (status, expected) => {
    const asked = request();
    await harness.rail().requestPayment(asked);
    await setStatus(asked.reference, status);
    await expect(harness.rail().status('collect', asked.reference)).resolves.toEqual(expected);
  });

  describe('calling a checkout off (its hold ends before Notch Pay’s 3 hours)', () => {
    it('cancels a checkout still pending at Notch Pay and reads it canceled; the payment.canceled webhook follows', async () => {
      const asked = request();
      const { checkoutUrl } = (await harness.rail().requestPayment(asked)) as { checkoutUrl: string };
      await expect(harness.rail().cancelCollection(asked.reference)).resolves.toEqual({
        outcome: 'failed',
        reason: 'REJECTED',
      });
      expect(await harness.simulator.payment(asked.reference)).toMatchObject({ status: 'canceled' });
      await eventually(() => harness.callbacks.some((c) => c.reference === asked.reference));
      // The page can no longer be paid.
      const page = await fetch(checkoutUrl);
      expect(await page.text()).toContain('Payment canceled');
    });

    it('answers succeeded when the payer paid before the cancel arrived: Notch Pay refuses it, the status counts', async () => {
      const asked = request();
      await harness.rail().requestPayment(asked);
      await setStatus(asked.reference, 'complete');
      await expect(harness.rail().cancelCollection(asked.reference)).resolves.toEqual({ outcome: 'succeeded' });
      expect(await harness.simulator.payment(asked.reference)).toMatchObject({ status: 'complete' });
    });

    it('throws when Notch Pay cannot be asked (500), leaving the checkout as it was', async () => {
      const asked = request();
      await harness.rail().requestPayment(asked);
      harness.simulator.faults.failNextApiCalls(1);
      await expect(harness.rail().cancelCollection(asked.reference)).rejects.toMatchObject({
        operation: 'cancel',
        kind: 'server_error',
      });
      await expect(harness.rail().status('collect', asked.reference)).resolves.toEqual({ outcome: 'pending' });
    });

    it('says NOT_FOUND for a reference it never asked Notch Pay for', async () => {
      await expect(harness.rail().cancelCollection(transferId())).resolves.toEqual({
        outcome: 'failed',
        reason: 'NOT_FOUND',
      });
    });
  });

  it('throws on a status it does not know instead of guessing', async () => {
    const asked = request();
    await harness.rail().requestPayment(asked);
    await setStatus(asked.reference, 'on-hold-for-review');
    await expect(harness.rail().status('collect', asked.reference)).rejects.toBeInstanceOf(NotchPayError);
  });

  it('says NOT_FOUND for a reference it never asked for, or one Notch Pay never heard of', async () => {
    await expect(harness.rail().status('collect', transferId())).resolves.toEqual({
      outcome: 'failed',
      reason: 'NOT_FOUND',
    });
    const asked = request();
    await harness.rail().requestPayment(asked);
    await db.connection.collection('sim_notch_pay_payments').deleteOne({ merchantReference: asked.reference });
    await expect(harness.rail().status('collect', asked.reference)).resolves.toEqual({
      outcome: 'failed',
      reason: 'NOT_FOUND',
    });
  });

  it('throws when Notch Pay fails (500) or does not answer, so the payment stays pending', async () => {
    const asked = request();
    await harness.rail().requestPayment(asked);
    harness.simulator.faults.failNextApiCalls(1);
    await expect(harness.rail().status('collect', asked.reference)).rejects.toMatchObject({ kind: 'server_error' });
    harness.simulator.faults.hangNextApiCalls(1);
    await expect(harness.rail({ timeoutMs: 300 }).status('collect', asked.reference)).rejects.toMatchObject({
      kind: 'timeout',
    });
    harness.simulator.faults.failNextApiCalls(1);
    await expect(harness.rail().requestPayment(request())).rejects.toMatchObject({ kind: 'server_error' });
  });

  it('refuses what Notch Pay surely will not act on: bad amounts, numbers, keys; and never pays out', async () => {
    await expect(harness.rail().requestPayment(request({ amount: 0 as Francs }))).resolves.toEqual({
      ok: false,
      reason: 'INVALID_AMOUNT',
    });
    await expect(harness.rail().requestPayment(request({ msisdn: '23712' as Msisdn }))).resolves.toEqual({
      ok: false,
      reason: 'INVALID_NUMBER',
    });
    const wrongKey = `pk_test.${randomBytes(12).toString('hex')}`;
    await expect(harness.rail({ publicKey: wrongKey }).requestPayment(request())).resolves.toEqual({
      ok: false,
      reason: 'UNAVAILABLE',
    });
    const payout = request();
    await expect(harness.rail().payout(payout)).resolves.toEqual({ ok: false, reason: 'UNAVAILABLE' });
    await expect(harness.rail().status('payout', payout.reference)).resolves.toEqual({
      outcome: 'failed',
      reason: 'NOT_FOUND',
    });
  });
});
