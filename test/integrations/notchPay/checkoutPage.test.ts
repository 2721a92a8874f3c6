/**
 * The simulator's hosted checkout page clicked through over HTTP with plain form posts, as a browser without
 * scripts would: card → 3-D Secure → back to our return page; then the rail's status says how it went, and the
 * signed webhook has reached our route. Also: a declined card, a failed 3-D Secure, a cancel, a mistyped card,
 * an unpaid checkout expiring, and that no card number is kept.
 */
import { randomBytes } from 'node:crypto';
import type { Francs } from '../../../domain/money';
import type { Msisdn } from '../../../domain/phone';
import type { RailRequest } from '../../../domain/paymentRail';
import { useTestDatabase } from '../../support/database';
import { eventually, RETURN_PATH, startNotchPayHarness, transferId, type NotchPayHarness } from './support';

const db = useTestDatabase();
let harness: NotchPayHarness;

beforeAll(async () => {
  harness = await startNotchPayHarness(db.connection);
});
afterAll(async () => harness.close());

async function checkout(target = harness): Promise<{ asked: RailRequest; url: string }> {
  const asked: RailRequest = {
    reference: transferId(),
    shortReference: randomBytes(4).toString('hex').toUpperCase(),
    msisdn: '237677123456' as Msisdn,
    amount: 15000 as Francs,
    payerMessage: 'Top-up',
  };
  const acceptance = await target.rail().requestPayment(asked);
  if (!acceptance.ok || !acceptance.checkoutUrl) throw new Error('no checkout page');
  return { asked, url: acceptance.checkoutUrl };
}

/** Posts a form like a browser and answers where it was sent (the 303's Location), resolved. */
async function submit(
  url: string,
  fields: Record<string, string>,
): Promise<{ status: number; location?: string; html: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  const location = response.headers.get('location');
  return {
    status: response.status,
    ...(location ? { location: new URL(location, url).toString() } : {}),
    html: await response.text(),
  };
}

const card = (number: string) => ({ method: 'card', number, expiry: '12/39', cvc: '123' });

describe('the Notch Pay simulator’s checkout page', () => {
  it('takes a card, asks 3-D Secure, returns to our page with the outcome; the rail and the webhook agree', async () => {
    const { asked, url } = await checkout();
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).not.toContain('<script');
    expect(html).toContain('15');
    expect(html).toContain('4242 4242 4242 4242');

    const cardStep = await submit(`${url}/card`, card('4242 4242 4242 4242'));
    expect(cardStep).toMatchObject({ status: 303, location: `${url}/3ds` });
    const threeDs = await (await fetch(cardStep.location!)).text();
    expect(threeDs).toContain('visa ending 4242');
    await expect(harness.rail().status('collect', asked.reference)).resolves.toEqual({ outcome: 'pending' });

    const done = await submit(`${url}/3ds`, { code: '123456' });
    expect(done.status).toBe(303);
    const back = new URL(done.location!);
    expect(`${back.origin}${back.pathname}`).toBe(`${harness.url}${RETURN_PATH}`);
    expect(back.searchParams.get('reference')).toBe(asked.shortReference);
    expect(back.searchParams.get('trxref')).toBe(asked.shortReference);
    expect(back.searchParams.get('notchpay_trxref')).toMatch(/^trx\./);
    expect(back.searchParams.get('status')).toBe('complete');
    expect(await (await fetch(done.location!)).text()).toContain('returned');

    await expect(harness.rail().status('collect', asked.reference)).resolves.toEqual({ outcome: 'succeeded' });
    // The webhook names the reference Notch Pay got: the short one (the wiring maps it to the transfer).
    await eventually(() => harness.callbacks.some((c) => c.reference === asked.shortReference));

    // Only the brand and the last four digits are kept.
    const stored = await db.connection
      .collection('sim_notch_pay_payments')
      .findOne({ merchantReference: asked.shortReference });
    expect(stored?.card).toEqual({ brand: 'visa', last4: '4242' });
    expect(JSON.stringify(stored)).not.toMatch(/4242\s?4242\s?4242/);
    // A finished payment's page says so and offers the way back.
    expect(await (await fetch(url)).text()).toContain('Payment complete');
  });

  it('sends a declined card back at once with status=failed, without 3-D Secure', async () => {
    const { asked, url } = await checkout();
    const declined = await submit(`${url}/card`, card('4000 0000 0000 0002'));
    expect(new URL(declined.location!).searchParams.get('status')).toBe('failed');
    await expect(harness.rail().status('collect', asked.reference)).resolves.toEqual({
      outcome: 'failed',
      reason: 'PAYER_FAILED',
    });
  });

  it('fails the payment on a wrong 3-D Secure code', async () => {
    const { asked, url } = await checkout();
    await submit(`${url}/card`, card('5555 5555 5555 4444'));
    const failed = await submit(`${url}/3ds`, { code: '654321' });
    expect(new URL(failed.location!).searchParams.get('status')).toBe('failed');
    await expect(harness.rail().status('collect', asked.reference)).resolves.toEqual({
      outcome: 'failed',
      reason: 'PAYER_FAILED',
    });
    // Going back to the page cannot pay it again.
    const again = await submit(`${url}/card`, card('4242 4242 4242 4242'));
    expect(again).toMatchObject({ status: 303, location: url });
  });

  it('cancels on the payer’s word', async () => {
    const { asked, url } = await checkout();
    const canceled = await submit(`${url}/cancel`, {});
    expect(new URL(canceled.location!).searchParams.get('status')).toBe('canceled');
    await expect(harness.rail().status('collect', asked.reference)).resolves.toEqual({
      outcome: 'failed',
      reason: 'REJECTED',
    });
  });

  it('asks again for a mistyped card, an expiry in the past or a bad CVV, and the payment stays open', async () => {
    const { asked, url } = await checkout();
    const mistyped = await submit(`${url}/card`, card('4242 4242 4242 4241'));
    expect(mistyped.status).toBe(400);
    expect(mistyped.html).toContain('Check the card number.');
    const past = await submit(`${url}/card`, { ...card('4242 4242 4242 4242'), expiry: '01/20' });
    expect(past.html).toContain('Check the expiry date.');
    const cvc = await submit(`${url}/card`, { ...card('4242 4242 4242 4242'), cvc: '1' });
    expect(cvc.html).toContain('Check the CVV.');
    await expect(harness.rail().status('collect', asked.reference)).resolves.toEqual({ outcome: 'pending' });
    expect((await fetch(`${url.replace(/[0-9a-f]{48}$/, 'f'.repeat(48))}`)).status).toBe(404);
  });

  it('keeps its payments across a restart: another simulator on the same database finishes the checkout', async () => {
    const { asked, url } = await checkout();
    const restarted = await startNotchPayHarness(db.connection);
    try {
      const path = new URL(url).pathname;
      await submit(`${restarted.url}${path}/card`, card('4242 4242 4242 4242'));
      const done = await submit(`${restarted.url}${path}/3ds`, { code: '123456' });
      expect(new URL(done.location!).searchParams.get('status')).toBe('complete');
      await expect(harness.rail().status('collect', asked.reference)).resolves.toEqual({ outcome: 'succeeded' });
      // Timers die with a process: after a restart, the sweep expires what is overdue.
      const late = await startNotchPayHarness(db.connection, { clock: () => new Date(Date.now() + 4 * 3_600_000) });
      try {
        const open = await checkout();
        expect(await late.simulator.expireOverdue()).toBeGreaterThanOrEqual(1);
        await expect(harness.rail().status('collect', open.asked.reference)).resolves.toEqual({
          outcome: 'failed',
          reason: 'EXPIRED',
        });
      } finally {
        await late.close();
      }
    } finally {
      await restarted.close();
    }
  });

  it('expires an unpaid checkout after its time, tells our route, and the page says so', async () => {
    const short = await startNotchPayHarness(db.connection, { checkoutTtlMs: 150 });
    try {
      const { asked, url } = await checkout(short);
      await eventually(() => short.callbacks.some((c) => c.reference === asked.shortReference));
      await expect(short.rail().status('collect', asked.reference)).resolves.toEqual({
        outcome: 'failed',
        reason: 'EXPIRED',
      });
      expect(await (await fetch(url)).text()).toContain('Payment expired');
      expect(short.simulator.deliveries).toEqual([expect.objectContaining({ event: 'payment.expired', outcome: 200 })]);
    } finally {
      await short.close();
    }
  });
});
