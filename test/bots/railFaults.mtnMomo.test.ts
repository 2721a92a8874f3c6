/**
 * Faults on the MTN MoMo rail, collection (a top-up) and disbursement (a withdrawal), with the product's real
 * client against its MTN simulator over HTTP, the fault planned on the simulator: an answer that hangs past the
 * client's timeout after MTN took the payment, a 500 before it took it (a collection is then released, a payout
 * asked again under the same reference), a payout whose process stalls before its call leaves, a callback sent
 * twice, a callback that comes after the payment was voided, a payment that never leaves PENDING, and the product
 * killed between MTN's answer and the ledger update. After each: the ledger's invariants, exact balances, one payment per reference at
 * MTN (never a second one), and each notice exactly once.
 */
import type { Msisdn } from '../../domain/phone';
import { mtnMomoPrompts, mtnMomoTransfers } from '../support/railSimulators';
import { eventually } from '../support/chat';
import { referenceIn } from './e2e.support';
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
const mtn = () => f.simulators.mtnMomo;
const AMOUNT = 5000;
const FUNDS = 20_000;

/** What differs between a collection and a payout: how it starts, what it leaves, what the person is told. */
const directions = [
  {
    name: 'collection (top-up)',
    funds: 0,
    direction: 'collect',
    start: (owner: Msisdn) => f.topUp(owner, 'mtn_momo', AMOUNT),
    atMtn: (owner: Msisdn) => mtnMomoPrompts(f.product.db.connection, owner),
    succeeded: () => ({ available: AMOUNT, incoming: 0, held: 0 }),
    untouched: { available: 0, incoming: 0, held: 0 },
    keys: { succeeded: 'money.topUpSucceeded', failed: 'money.topUpFailed', inReview: 'money.topUpInReview' },
    /** A number MTN declines: the payer refuses the prompt. */
    declined: { digit: 1, key: 'money.topUpDeclined' },
  },
  {
    name: 'disbursement (withdrawal)',
    funds: FUNDS,
    direction: 'payout',
    start: (owner: Msisdn) => f.withdraw(owner, 'mtn_momo', AMOUNT),
    atMtn: (owner: Msisdn) => mtnMomoTransfers(f.product.db.connection, owner),
    succeeded: (started: Started) => ({
      available: FUNDS - AMOUNT - (started.start.ok ? started.start.quote.fee : NaN),
      incoming: 0,
      held: 0,
    }),
    untouched: { available: FUNDS, incoming: 0, held: 0 },
    keys: {
      succeeded: 'money.withdrawalSucceeded',
      failed: 'money.withdrawalFailed',
      inReview: 'money.withdrawalInReview',
    },
    /** MTN's own account cannot pay it (NOT_ENOUGH_FUNDS, told in the general words). */
    declined: { digit: 5, key: 'money.withdrawalFailed' },
  },
] as const;

let next = 0;
/** A fresh MTN number for each test (`6XY` with Y, then 6 digits); `scripted` ends it as the sandbox digit says. */
function mtnNumber(scripted?: number): string {
  next += 1;
  const series = String(next % 10);
  const tens = String(Math.floor(next / 10) % 10);
  return scripted === undefined ? `237677${tens}${series}4055` : `2376${7}${series}12345${scripted}`;
}

describe.each(directions)('MTN MoMo $name', (d) => {
  it('hangs past the client’s timeout after MTN took it: told pending, then the callback settles it once', async () => {
    const owner = await f.person(mtnNumber(), d.funds);
    mtn().hangNext(1);
    // MTN's callback comes after the client gave up, so the person is first told "started" (pending).
    mtn().delayCallbacks(1, 700);
    const asked = Date.now();
    const started = await d.start(owner);
    // The start waited for the client's timeout (400 ms): the answer never came.
    expect(Date.now() - asked).toBeGreaterThanOrEqual(390);
    expect(started.start).toMatchObject({ ok: true });
    expect(await f.status(started.reference, owner)).toMatchObject({ status: 'pending' });
    expect(await f.notices(owner)).toEqual([]);

    const ref = shortReferenceOf(started);
    await f.expectNotices(owner, [`${d.keys.succeeded}:${ref}`]);
    expect(await f.state(started.reference)).toBe('posted');
    // Later passes of the reconciler and the recovery find nothing more to do.
    await Promise.all([f.reconcile(), f.recover()]);
    expect(await f.balance(owner)).toMatchObject(d.succeeded(started));
    expect(await d.atMtn(owner)).toMatchObject([{ externalId: ref, amount: expect.any(String) }]);
    await f.expectNotices(owner, [`${d.keys.succeeded}:${ref}`]);
    await f.expectLedgerExact(started.reference);
  });

  it('calls back twice: one settlement, one notice', async () => {
    const owner = await f.person(mtnNumber(), d.funds);
    mtn().duplicateCallbacks(1);
    const started = await d.start(owner);
    const [made] = await d.atMtn(owner);
    await eventually(() => {
      expect(
        mtn()
          .callbacks.filter((c) => c.url === made?.callbackUrl)
          .map((c) => c.answeredWith),
      ).toEqual([200, 200]);
    });

    const ref = shortReferenceOf(started);
    await f.expectNotices(owner, [`${d.keys.succeeded}:${ref}`]);
    expect(await f.balance(owner)).toMatchObject(d.succeeded(started));
    expect(await d.atMtn(owner)).toHaveLength(1);
    await f.expectLedgerExact(started.reference);
  });

  it('calls back after the payment was voided: nothing moves, and the person is told once', async () => {
    const owner = await f.person(mtnNumber(d.declined.digit), d.funds);
    mtn().delayCallbacks(1, 800);
    const started = await d.start(owner);
    const ref = shortReferenceOf(started);
    // The reconciler hears the failure from MTN's status first and releases the hold.
    await f.untilProviderEnded(started, 'mtn_momo', d.direction);
    await f.reconcile();
    expect(await f.state(started.reference)).toBe('voided');
    await f.expectNotices(owner, [`${d.declined.key}:${ref}`]);

    // MTN's late callback, then one that claims success (anyone can send one): each only makes us ask MTN.
    const [made] = await d.atMtn(owner);
    const callbackUrl = made?.callbackUrl ?? '';
    await eventually(() => {
      expect(
        mtn()
          .callbacks.filter((c) => c.url === callbackUrl)
          .map((c) => c.answeredWith),
      ).toEqual([200]);
    });
    const forged = await fetch(callbackUrl, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ status: 'SUCCESSFUL', amount: String(AMOUNT), currency: 'XAF' }),
    });
    expect(forged.status).toBe(200);

    await f.expectNotices(owner, [`${d.declined.key}:${ref}`]);
    expect(await f.state(started.reference)).toBe('voided');
    expect(await f.balance(owner)).toMatchObject(d.untouched);
    expect(await d.atMtn(owner)).toHaveLength(1);
    await f.expectLedgerExact(started.reference);
  });

  it('stays PENDING for ever: past the hold’s expiry a person reviews it (never voided, never re-sent) and the owner is told', async () => {
    const owner = await f.person(mtnNumber(), d.funds);
    mtn().pendingForever(1);
    const started = await d.start(owner);
    const ref = shortReferenceOf(started);
    const before = await f.balance(owner);

    // Polled while the hold lasts: still pending, nothing moves.
    f.time.advance(30 * MINUTE);
    await Promise.all([f.reconcile(), f.recover()]);
    expect(await f.state(started.reference)).toBe('held');
    expect(await f.notices(owner)).toEqual([]);

    f.time.advance(HOLD_TTL_MS);
    await f.recover();
    await f.reconcile();
    expect(await f.state(started.reference)).toBe('needs_review');
    await f.expectNotices(owner, [`${d.keys.inReview}:${ref}`]);

    // Further passes neither void it, nor ask MTN again under a new reference, nor tell the person twice.
    f.time.advance(HOLD_TTL_MS);
    await Promise.all([f.reconcile(), f.recover()]);
    expect(await f.state(started.reference)).toBe('needs_review');
    expect(await f.balance(owner)).toEqual(before);
    expect(await d.atMtn(owner)).toMatchObject([{ externalId: ref }]);
    await f.expectNotices(owner, [`${d.keys.inReview}:${ref}`]);
    await f.expectLedgerExact(started.reference, 'open');
  });

  it('is settled by a process killed between MTN’s answer and the ledger update: recovery finishes it once', async () => {
    const owner = await f.person(mtnNumber(), d.funds);
    // The callback is lost: only the dying process, then the survivors, settle it.
    mtn().dropCallbacks(1);
    const started = await d.start(owner);
    const ref = shortReferenceOf(started);
    await f.untilProviderEnded(started, 'mtn_momo', d.direction);

    // It asks MTN (SUCCESSFUL), records the ledger's resolution, and dies before applying it or telling anyone.
    const dying = f.dyingProcess(afterTheResolution);
    await expectKilled(dying.payments.complete(started.reference));
    expect(dying.crashed()).toBe(true);
    expect(await f.state(started.reference)).toBe('held');
    expect(await f.notices(owner)).toEqual([]);

    // The reconciler and the ledger's recovery, at once, finish it.
    await Promise.all([f.reconcile(), f.recover()]);
    await f.reconcile();
    expect(await f.state(started.reference)).toBe('posted');
    expect(await f.balance(owner)).toMatchObject(d.succeeded(started));
    await f.expectNotices(owner, [`${d.keys.succeeded}:${ref}`]);
    expect(await d.atMtn(owner)).toHaveLength(1);
    await f.expectLedgerExact(started.reference);
  });
});

const [collection, payout] = directions;

describe('MTN MoMo answers 500 before it took the payment', () => {
  it('collection (top-up): pending, then NOT_FOUND after the wait releases the hold, and the person is told', async () => {
    const owner = await f.person(mtnNumber(), collection.funds);
    mtn().failNext(1);
    const started = await collection.start(owner);
    expect(started.start).toMatchObject({ ok: true });
    expect(await f.status(started.reference, owner)).toMatchObject({ status: 'pending' });
    expect(await collection.atMtn(owner)).toEqual([]);

    // MTN has never heard of it, but our request may still be on its way: not yet.
    await f.reconcile();
    expect(await f.state(started.reference)).toBe('held');
    f.time.advance(NOT_FOUND_WAIT_MS + MINUTE);
    await f.reconcile();

    // Releasing a collection MTN never made moves no money out: the payer is never prompted again.
    expect(await f.state(started.reference)).toBe('voided');
    expect(await f.balance(owner)).toMatchObject(collection.untouched);
    await f.expectNotices(owner, [`${collection.keys.failed}:${shortReferenceOf(started)}`]);
    await Promise.all([f.reconcile(), f.recover()]);
    expect(await collection.atMtn(owner)).toEqual([]);
    await f.expectLedgerExact(started.reference);
  });

  it('disbursement (withdrawal): pending, then NOT_FOUND after the wait asks MTN again under the same reference, paid once', async () => {
    const owner = await f.person(mtnNumber(), payout.funds);
    mtn().failNext(1);
    const started = await payout.start(owner);
    expect(started.start).toMatchObject({ ok: true });
    expect(await f.status(started.reference, owner)).toMatchObject({ status: 'pending' });
    expect(await payout.atMtn(owner)).toEqual([]);

    await f.reconcile();
    expect(await f.state(started.reference)).toBe('held');
    expect(await payout.atMtn(owner)).toEqual([]);
    // Its outcome is unknown (the sender may only be stalled): never voided, asked again, the money still held.
    f.time.advance(NOT_FOUND_WAIT_MS + MINUTE);
    await f.reconcile();
    expect(await f.state(started.reference)).toBe('held');
    const ref = shortReferenceOf(started);
    expect(await payout.atMtn(owner)).toMatchObject([{ externalId: ref }]);

    await f.expectNotices(owner, [`${payout.keys.succeeded}:${ref}`]);
    await Promise.all([f.reconcile(), f.recover()]);
    expect(await f.state(started.reference)).toBe('posted');
    expect(await f.balance(owner)).toMatchObject(payout.succeeded(started));
    expect(await payout.atMtn(owner)).toHaveLength(1);
    await f.expectLedgerExact(started.reference);
  });

  it('disbursement stalled past the wait before its call left: asked again, then the late call makes no second payout', async () => {
    const owner = await f.person(mtnNumber(), payout.funds);
    const stalled = f.stalledProcess('mtn_momo');
    const starting = stalled.withdraw(owner, AMOUNT);
    await stalled.inRailCall;

    f.time.advance(NOT_FOUND_WAIT_MS + MINUTE);
    await f.reconcile();
    expect(await payout.atMtn(owner)).toHaveLength(1);

    // The stalled call reaches MTN with the same X-Reference-Id: 409, taken as accepted, nothing more paid.
    stalled.wakeUp();
    const started = await starting;
    expect(started.start).toMatchObject({ ok: true });
    const ref = shortReferenceOf(started);
    await f.expectNotices(owner, [`${payout.keys.succeeded}:${ref}`]);
    await Promise.all([f.reconcile(), f.recover()]);
    expect(await f.state(started.reference)).toBe('posted');
    expect(await f.balance(owner)).toMatchObject(payout.succeeded(started));
    expect(await payout.atMtn(owner)).toMatchObject([{ externalId: ref }]);
    await f.expectLedgerExact(started.reference);
  });
});

describe('from chat', () => {
  it('MTN MoMo hangs past the timeout after taking the top-up: the person reads "started", then is credited and told once', async () => {
    const kojo = await f.product.signedUp('237677409801', 'Kojo');
    expect(await kojo.says('top up 6000')).toEqual([
      'Top up 6 000 FCFA from:\n1. MTN MoMo\n2. Orange Money\n3. Bank card',
    ]);
    await kojo.says('1');
    await kojo.says('1');
    mtn().hangNext(1);
    mtn().delayCallbacks(1, 700);
    const [started] = await kojo.says('1');
    expect(started).toMatch(/^Top-up of 6 000 FCFA started\. Approve the request on your phone\./);
    const ref = referenceIn(started);
    const reference = await f.product.services.shortReferences.resolve(ref);
    expect(reference).toMatch(/^topup:/);
    expect(await f.balance(kojo.msisdn)).toMatchObject({ available: 0, incoming: 6000 });

    await f.expectNotices(kojo.msisdn, [`money.topUpSucceeded:${ref}`]);
    await Promise.all([f.reconcile(), f.recover()]);
    expect(await f.balance(kojo.msisdn)).toMatchObject({ available: 6000, incoming: 0, held: 0 });
    expect(await mtnMomoPrompts(f.product.db.connection, kojo.msisdn)).toMatchObject([{ externalId: ref }]);
    await f.expectNotices(kojo.msisdn, [`money.topUpSucceeded:${ref}`]);
    await f.expectLedgerExact(reference ?? '');
  });
});
