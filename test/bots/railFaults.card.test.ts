/**
 * Faults on the card rail (Notch Pay's hosted checkout; cards only collect), with the product's real client against
 * its Notch Pay simulator over HTTP, the fault planned on the simulator: the initialize call hanging past the
 * client's timeout or answering 500 (Notch Pay's simulator does neither after creating the payment: both are
 * "before it accepted"), the status read hanging after the payer paid, a webhook sent twice, a webhook after the
 * payment was voided, a checkout nobody pays (cancelled at Notch Pay before the hold ends), and the product killed between Notch Pay's answer
 * and the ledger update. After each: the ledger's invariants, exact balances, one payment per reference at Notch
 * Pay, and each notice exactly once.
 */
import type { Msisdn } from '../../domain/phone';
import type { SimulatedNotchPayment } from '../../integrations/notchPay/simulator/simulatedPayments';
import { eventually } from '../support/chat';
import {
  afterTheResolution,
  expectKilled,
  HOLD_TTL_MS,
  MINUTE,
  NOT_FOUND_WAIT_MS,
  shortReferenceOf,
  useFaultyProduct,
  type Started,
} from './railFaults.support';

const f = useFaultyProduct();
const notchPay = () => f.simulators.notchPay;
const AMOUNT = 10_000;
const credited = { available: AMOUNT, incoming: 0, held: 0 };
const untouched = { available: 0, incoming: 0, held: 0 };

let next = 0;
/** A fresh number for each test. */
function someNumber(): string {
  next += 1;
  return `2376774${String(next).padStart(2, '0')}088`;
}

/** The payments Notch Pay holds for this person (the product sends their number as the customer's phone). */
function atNotchPay(owner: Msisdn): Promise<SimulatedNotchPayment[]> {
  return f.product.db.connection
    .collection<SimulatedNotchPayment>('sim_notch_pay_payments')
    .find({ 'customer.phone': `+${owner}` })
    .toArray();
}

/** Posts a form as the payer's browser does, without following the redirect. */
async function submit(url: string, fields: Record<string, string>): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  await response.arrayBuffer();
  return response.status;
}

/** The payer types a card on the checkout page (and passes 3-D Secure when the card is approved). */
async function payOnCheckout(started: Started, card: 'approved' | 'declined'): Promise<void> {
  const link = started.start.ok ? started.start.checkoutUrl : undefined;
  if (!link) throw new Error('no checkout page');
  const number = card === 'approved' ? '4242 4242 4242 4242' : '4000 0000 0000 0002';
  expect(await submit(`${link}/card`, { method: 'card', number, expiry: '12/39', cvc: '123' })).toBe(303);
  if (card === 'approved') expect(await submit(`${link}/3ds`, { code: '123456' })).toBe(303);
}

/** The webhooks Notch Pay sent for this payment, with our answer to each. */
async function webhooksFor(owner: Msisdn) {
  const [payment] = await atNotchPay(owner);
  return notchPay()
    .deliveries.filter((d) => d.reference === payment?._id)
    .map((d) => `${d.event}:${String(d.outcome)}`);
}

describe('a card top-up', () => {
  it.each([
    ['hangs past the client’s timeout', () => notchPay().faults.hangNextApiCalls(1)],
    ['answers 500', () => notchPay().faults.failNextApiCalls(1)],
  ])(
    'whose initialize %s before Notch Pay made the payment: pending, then NOT_FOUND after the wait releases it',
    async (_fault, plan) => {
      const owner = await f.person(someNumber());
      plan();
      const started = await f.topUp(owner, 'card', AMOUNT);
      expect(started.start).toMatchObject({ ok: true });
      expect(started.start.ok && started.start.checkoutUrl).toBeFalsy();
      expect(await f.status(started.reference, owner)).toMatchObject({ status: 'pending' });

      await f.reconcile();
      expect(await f.state(started.reference)).toBe('held');
      f.time.advance(NOT_FOUND_WAIT_MS + MINUTE);
      await f.reconcile();

      expect(await f.state(started.reference)).toBe('voided');
      expect(await f.balance(owner)).toMatchObject(untouched);
      await f.expectNotices(owner, [`money.topUpFailed:${shortReferenceOf(started)}`]);
      await Promise.all([f.reconcile(), f.recover()]);
      expect(await atNotchPay(owner)).toEqual([]);
      await f.expectLedgerExact(started.reference);
    },
  );

  it('whose status read hangs past the timeout after the payer paid: the webhook is refused, the reconciler credits once', async () => {
    const owner = await f.person(someNumber());
    const started = await f.topUp(owner, 'card', AMOUNT);
    // The next API call is the status read the webhook leads to (the checkout pages are not the API).
    notchPay().faults.hangNextApiCalls(1);
    await payOnCheckout(started, 'approved');
    // Our route could not confirm the payment, so it answers 500 (Notch Pay may send it again): nothing moved.
    await eventually(async () => expect(await webhooksFor(owner)).toEqual(['payment.complete:500']));
    expect(await f.state(started.reference)).toBe('held');
    expect(await f.notices(owner)).toEqual([]);

    await Promise.all([f.reconcile(), f.recover()]);
    const ref = shortReferenceOf(started);
    await f.expectNotices(owner, [`money.topUpSucceeded:${ref}`]);
    expect(await f.balance(owner)).toMatchObject(credited);
    expect(await atNotchPay(owner)).toMatchObject([{ status: 'complete', amount: expect.any(Number) }]);
    await f.expectLedgerExact(started.reference);
  });

  it('whose webhook comes twice: one credit, one notice', async () => {
    const owner = await f.person(someNumber());
    notchPay().faults.duplicateNextWebhooks(1);
    const started = await f.topUp(owner, 'card', AMOUNT);
    await payOnCheckout(started, 'approved');
    await eventually(async () =>
      expect(await webhooksFor(owner)).toEqual(['payment.complete:200', 'payment.complete:200']),
    );

    await f.expectNotices(owner, [`money.topUpSucceeded:${shortReferenceOf(started)}`]);
    expect(await f.balance(owner)).toMatchObject(credited);
    expect(await atNotchPay(owner)).toHaveLength(1);
    await f.expectLedgerExact(started.reference);
  });

  it('whose webhook comes after the payment was voided: nothing moves, and the person is told once', async () => {
    const owner = await f.person(someNumber());
    notchPay().faults.delayNextWebhooks(1, 800);
    const started = await f.topUp(owner, 'card', AMOUNT);
    const ref = shortReferenceOf(started);
    await payOnCheckout(started, 'declined');
    await f.reconcile();
    expect(await f.state(started.reference)).toBe('voided');
    await f.expectNotices(owner, [`money.topUpFailed:${ref}`]);

    // The late webhook, then the payer's browser coming back claiming success: each only makes us ask Notch Pay.
    await eventually(async () => expect(await webhooksFor(owner)).toEqual(['payment.failed:200']));
    const [payment] = await atNotchPay(owner);
    const back = await fetch(
      `${f.product.simulators.url}/payments/card/return?reference=${payment?.merchantReference}&status=complete`,
    );
    expect(back.status).toBe(200);

    await f.expectNotices(owner, [`money.topUpFailed:${ref}`]);
    expect(await f.state(started.reference)).toBe('voided');
    expect(await f.balance(owner)).toMatchObject(untouched);
    expect(await atNotchPay(owner)).toHaveLength(1);
    await f.expectLedgerExact(started.reference);
  });

  it('nobody pays (pending for ever): shortly before the hold ends the checkout is cancelled at Notch Pay, the money released and the owner told once', async () => {
    const owner = await f.person(someNumber());
    const started = await f.topUp(owner, 'card', AMOUNT);
    const ref = shortReferenceOf(started);

    f.time.advance(30 * MINUTE);
    await Promise.all([f.reconcile(), f.recover()]);
    expect(await f.state(started.reference)).toBe('held');
    expect(await f.notices(owner)).toEqual([]);

    // Past the hold's end (and so within CARD_CANCEL_BEFORE_HOLD_END_MS of it): cancelled there, then released here,
    // with no review (a card checkout can be cancelled, unlike a mobile-money prompt).
    f.time.advance(HOLD_TTL_MS);
    await Promise.all([f.reconcile(), f.recover()]);
    await f.reconcile();
    // The two workers race here on purpose: the reconciler voids the hold after the cancel, or recovery expires it
    // first (its end has passed); either way it is released, never posted, and the checkout is cancelled.
    expect(['voided', 'expired']).toContain(await f.state(started.reference));
    expect(await atNotchPay(owner)).toMatchObject([{ status: 'canceled' }]);
    await f.expectNotices(owner, [`money.topUpExpired:${ref}`]);

    f.time.advance(HOLD_TTL_MS);
    await Promise.all([f.reconcile(), f.recover()]);
    expect(await f.balance(owner)).toMatchObject(untouched);
    await f.expectNotices(owner, [`money.topUpExpired:${ref}`]);
    await f.expectLedgerExact(started.reference);
  });

  it('is settled by a process killed between Notch Pay’s answer and the ledger update: recovery credits it once', async () => {
    const owner = await f.person(someNumber());
    notchPay().faults.dropNextWebhooks(1);
    const started = await f.topUp(owner, 'card', AMOUNT);
    await payOnCheckout(started, 'approved');

    const dying = f.dyingProcess(afterTheResolution);
    await expectKilled(dying.payments.complete(started.reference));
    expect(await f.state(started.reference)).toBe('held');
    expect(await f.notices(owner)).toEqual([]);

    await Promise.all([f.reconcile(), f.recover()]);
    await f.reconcile();
    expect(await f.state(started.reference)).toBe('posted');
    expect(await f.balance(owner)).toMatchObject(credited);
    await f.expectNotices(owner, [`money.topUpSucceeded:${shortReferenceOf(started)}`]);
    expect(await atNotchPay(owner)).toHaveLength(1);
    await f.expectLedgerExact(started.reference);
  });
});
