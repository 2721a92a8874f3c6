/**
 * Faults on the Orange Money rail, merchant payment (a top-up) and cash-in (a withdrawal), with the product's real
 * client against its Orange simulator over HTTP, the fault planned on the simulator: `pay` done but answered past
 * the client's timeout, a 500 on `init` (Orange created nothing: a collection is then released, a cash-in asked
 * again under the same reference), a cash-in whose process stalls before its call leaves, a notification sent
 * twice, a notification after the payment was voided, a payment that never leaves PENDING, and the product killed
 * between Orange's answer and the ledger update. After each: the ledger's invariants, exact balances, one payment per reference at Orange,
 * and each notice exactly once.
 *
 * Not here: a 500 on `pay` after `init` leaves a payToken Orange reports INITIATED until its own expiry (7 minutes
 * of the simulator's real time), which no test can wait for; the rail then reads EXPIRED and voids.
 */
import type { Msisdn } from '../../domain/phone';
import { orangeMoneyPayments } from '../support/railSimulators';
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
const orange = () => f.simulators.orangeMoney;
const AMOUNT = 5000;
const FUNDS = 20_000;

/** What differs between a collection and a payout: how it starts, what it leaves, what the person is told. */
const directions = [
  {
    name: 'merchant payment (top-up)',
    funds: 0,
    direction: 'collect',
    kind: 'mp',
    start: (owner: Msisdn) => f.topUp(owner, 'orange_money', AMOUNT),
    succeeded: () => ({ available: AMOUNT, incoming: 0, held: 0 }),
    untouched: { available: 0, incoming: 0, held: 0 },
    keys: { succeeded: 'money.topUpSucceeded', failed: 'money.topUpFailed', inReview: 'money.topUpInReview' },
    /** A number whose owner cancels the prompt (CANCELLED). */
    declined: { digit: 1, key: 'money.topUpDeclined' },
  },
  {
    name: 'cash-in (withdrawal)',
    funds: FUNDS,
    direction: 'payout',
    kind: 'cashin',
    start: (owner: Msisdn) => f.withdraw(owner, 'orange_money', AMOUNT),
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
    /** Our merchant account is short (FAILED, 60019), told in the general words. */
    declined: { digit: 5, key: 'money.withdrawalFailed' },
  },
] as const;

let next = 0;
/** A fresh Orange number for each test; `scripted` ends it as the sandbox digit says (`69Y12345D`). */
function orangeNumber(scripted?: number): string {
  next += 1;
  const series = String(next % 10);
  const tens = String(Math.floor(next / 10) % 10);
  return scripted === undefined ? `237699${tens}${series}4077` : `23769${series}12345${scripted}`;
}

/** The payments Orange made for this person's number. */
const atOrange = (owner: Msisdn) => orangeMoneyPayments(f.product.db.connection, owner);

/** Waits until Orange has sent `count` more notifications than `before`, and our route has had time to act. */
async function notificationsSent(before: number, count: number): Promise<void> {
  await eventually(() => expect(orange().notificationsSent).toBe(before + count));
}

describe.each(directions)('Orange Money $name', (d) => {
  it('is made but answered past the client’s timeout: told pending, then the notification settles it once', async () => {
    const owner = await f.person(orangeNumber(), d.funds);
    orange().faults.hangNext(1, `${d.kind}/pay`);
    orange().faults.delayNotifications(1, 700);
    const asked = Date.now();
    const started = await d.start(owner);
    expect(Date.now() - asked).toBeGreaterThanOrEqual(390);
    expect(started.start).toMatchObject({ ok: true });
    expect(await f.status(started.reference, owner)).toMatchObject({ status: 'pending' });
    expect(await f.notices(owner)).toEqual([]);

    const ref = shortReferenceOf(started);
    await f.expectNotices(owner, [`${d.keys.succeeded}:${ref}`]);
    expect(await f.state(started.reference)).toBe('posted');
    await Promise.all([f.reconcile(), f.recover()]);
    expect(await f.balance(owner)).toMatchObject(d.succeeded(started));
    expect(await atOrange(owner)).toMatchObject([{ kind: d.kind, amount: expect.any(Number) }]);
    await f.expectNotices(owner, [`${d.keys.succeeded}:${ref}`]);
    await f.expectLedgerExact(started.reference);
  });

  it('notifies twice: one settlement, one notice', async () => {
    const owner = await f.person(orangeNumber(), d.funds);
    const before = orange().notificationsSent;
    orange().faults.duplicateNotifications(1);
    const started = await d.start(owner);
    await notificationsSent(before, 2);

    const ref = shortReferenceOf(started);
    await f.expectNotices(owner, [`${d.keys.succeeded}:${ref}`]);
    expect(await f.balance(owner)).toMatchObject(d.succeeded(started));
    expect(await atOrange(owner)).toHaveLength(1);
    await f.expectLedgerExact(started.reference);
  });

  it('notifies after the payment was voided: nothing moves, and the person is told once', async () => {
    const owner = await f.person(orangeNumber(d.declined.digit), d.funds);
    const before = orange().notificationsSent;
    orange().faults.delayNotifications(1, 800);
    const started = await d.start(owner);
    const ref = shortReferenceOf(started);
    await f.untilProviderEnded(started, 'orange_money', d.direction);
    await f.reconcile();
    expect(await f.state(started.reference)).toBe('voided');
    await f.expectNotices(owner, [`${d.declined.key}:${ref}`]);

    // Orange's late notification, then one that claims success (Orange does not sign them: anyone can post one).
    await notificationsSent(before, 1);
    const [made] = await atOrange(owner);
    const forged = await fetch(made?.notifUrl ?? '', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ payToken: made?._id, status: 'SUCCESSFULL', message: 'Transaction successful' }),
    });
    expect(forged.status).toBe(200);

    await f.expectNotices(owner, [`${d.declined.key}:${ref}`]);
    expect(await f.state(started.reference)).toBe('voided');
    expect(await f.balance(owner)).toMatchObject(d.untouched);
    expect(await atOrange(owner)).toHaveLength(1);
    await f.expectLedgerExact(started.reference);
  });

  it('stays PENDING for ever: past the hold’s expiry a person reviews it (never voided, never re-sent) and the owner is told', async () => {
    const owner = await f.person(orangeNumber(), d.funds);
    orange().faults.stayPending(1);
    const started = await d.start(owner);
    const ref = shortReferenceOf(started);
    const before = await f.balance(owner);

    f.time.advance(30 * MINUTE);
    await Promise.all([f.reconcile(), f.recover()]);
    expect(await f.state(started.reference)).toBe('held');
    expect(await f.notices(owner)).toEqual([]);

    f.time.advance(HOLD_TTL_MS);
    await f.recover();
    await f.reconcile();
    expect(await f.state(started.reference)).toBe('needs_review');
    await f.expectNotices(owner, [`${d.keys.inReview}:${ref}`]);

    f.time.advance(HOLD_TTL_MS);
    await Promise.all([f.reconcile(), f.recover()]);
    expect(await f.state(started.reference)).toBe('needs_review');
    expect(await f.balance(owner)).toEqual(before);
    expect(await atOrange(owner)).toHaveLength(1);
    await f.expectNotices(owner, [`${d.keys.inReview}:${ref}`]);
    await f.expectLedgerExact(started.reference, 'open');
  });

  it('is settled by a process killed between Orange’s answer and the ledger update: recovery finishes it once', async () => {
    const owner = await f.person(orangeNumber(), d.funds);
    orange().faults.dropNotifications(1);
    const started = await d.start(owner);
    const ref = shortReferenceOf(started);
    await f.untilProviderEnded(started, 'orange_money', d.direction);

    const dying = f.dyingProcess(afterTheResolution);
    await expectKilled(dying.payments.complete(started.reference));
    expect(await f.state(started.reference)).toBe('held');
    expect(await f.notices(owner)).toEqual([]);

    await Promise.all([f.reconcile(), f.recover()]);
    await f.reconcile();
    expect(await f.state(started.reference)).toBe('posted');
    expect(await f.balance(owner)).toMatchObject(d.succeeded(started));
    await f.expectNotices(owner, [`${d.keys.succeeded}:${ref}`]);
    expect(await atOrange(owner)).toHaveLength(1);
    await f.expectLedgerExact(started.reference);
  });
});

const [collection, payout] = directions;

describe('Orange Money answers 500 on init, before it made anything', () => {
  it('merchant payment (top-up): pending, then NOT_FOUND after the wait releases the hold', async () => {
    const owner = await f.person(orangeNumber(), collection.funds);
    orange().faults.failNext(1, `${collection.kind}/init`);
    const started = await collection.start(owner);
    expect(started.start).toMatchObject({ ok: true });
    expect(await f.status(started.reference, owner)).toMatchObject({ status: 'pending' });

    await f.reconcile();
    expect(await f.state(started.reference)).toBe('held');
    f.time.advance(NOT_FOUND_WAIT_MS + MINUTE);
    await f.reconcile();

    // Releasing a collection Orange never made moves no money out: the payer is never prompted again.
    expect(await f.state(started.reference)).toBe('voided');
    expect(await f.balance(owner)).toMatchObject(collection.untouched);
    await f.expectNotices(owner, [`${collection.keys.failed}:${shortReferenceOf(started)}`]);
    await Promise.all([f.reconcile(), f.recover()]);
    expect(await atOrange(owner)).toEqual([]);
    await f.expectLedgerExact(started.reference);
  });

  it('cash-in (withdrawal): pending, then NOT_FOUND after the wait asks Orange again under the same reference, paid once', async () => {
    const owner = await f.person(orangeNumber(), payout.funds);
    orange().faults.failNext(1, `${payout.kind}/init`);
    const started = await payout.start(owner);
    expect(started.start).toMatchObject({ ok: true });
    expect(await f.status(started.reference, owner)).toMatchObject({ status: 'pending' });

    await f.reconcile();
    expect(await f.state(started.reference)).toBe('held');
    expect(await atOrange(owner)).toEqual([]);
    // Its outcome is unknown (the sender may only be stalled): never voided, asked again, the money still held.
    f.time.advance(NOT_FOUND_WAIT_MS + MINUTE);
    await f.reconcile();
    expect(await f.state(started.reference)).toBe('held');
    expect(await atOrange(owner)).toMatchObject([{ kind: 'cashin', amount: AMOUNT }]);

    await f.expectNotices(owner, [`${payout.keys.succeeded}:${shortReferenceOf(started)}`]);
    await Promise.all([f.reconcile(), f.recover()]);
    expect(await f.state(started.reference)).toBe('posted');
    expect(await f.balance(owner)).toMatchObject(payout.succeeded(started));
    expect(await atOrange(owner)).toHaveLength(1);
    await f.expectLedgerExact(started.reference);
  });

  it('cash-in stalled past the wait before its call left: asked again, then the late call makes no second cash-in', async () => {
    const owner = await f.person(orangeNumber(), payout.funds);
    const stalled = f.stalledProcess('orange_money');
    const starting = stalled.withdraw(owner, AMOUNT);
    await stalled.inRailCall;

    f.time.advance(NOT_FOUND_WAIT_MS + MINUTE);
    await f.reconcile();
    expect(await atOrange(owner)).toHaveLength(1);

    // The stalled call finds the payToken stored for the reference: accepted, nothing more initiated or paid.
    stalled.wakeUp();
    const started = await starting;
    expect(started.start).toMatchObject({ ok: true });
    await f.expectNotices(owner, [`${payout.keys.succeeded}:${shortReferenceOf(started)}`]);
    await Promise.all([f.reconcile(), f.recover()]);
    expect(await f.state(started.reference)).toBe('posted');
    expect(await f.balance(owner)).toMatchObject(payout.succeeded(started));
    expect(await atOrange(owner)).toMatchObject([{ kind: 'cashin', amount: AMOUNT }]);
    await f.expectLedgerExact(started.reference);
  });
});
