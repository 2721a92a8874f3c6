import { randomUUID } from 'node:crypto';
import { accountIds } from '../../../domain/ledger/accounts';
import { Ledger } from '../../../domain/ledger/ledger';
import { recoverOnce } from '../../../domain/ledger/recovery';
import type { RailPayments } from '../../../domain/railPayments/railPayments';
import { reconcileOnce } from '../../../domain/railPayments/railPaymentsReconciler';
import { sandboxNumber, useRailPayments } from './railPaymentsFixture';

let now = new Date('2026-11-29T10:00:00Z');
const clock = () => now;
const later = (ms: number) => {
  now = new Date(now.getTime() + ms);
};
const MINUTE = 60_000;
/** RailPayments' default hold: an hour. */
const HOLD_TTL = 60 * MINUTE;

/** A payout or collection the rail keeps pending until the test finishes it (sandbox number ending in 3). */
const STAYS_PENDING = sandboxNumber(3);

describe('a rail outcome around a hold’s expiry', () => {
  const f = useRailPayments({ clock });

  const reconcile = (payments: RailPayments = f.app.payments) => reconcileOnce(payments, { graceMs: 0 }, now);
  const recover = (ledger = f.t.ledger) =>
    recoverOnce(
      ledger,
      { graceMs: 0, maxUndecidedAgeMs: 10 * MINUTE, rails: f.app.payments.railStatusPort(), askRailAfterMs: 0 },
      now,
    );
  const keys = (reference: string) => f.notifier.about(reference).map((d) => d.notice.key);

  it('never releases a withdrawal the rail paid when the ledger finds its hold expired: review, and the owner is told', async () => {
    const owner = await f.person(20_000);
    const id = randomUUID();
    const reference = `withdraw:${id}`;
    await f.app.withdrawals.start({ id, owner, rail: 'mtn_momo', payee: STAYS_PENDING, amount: 5_000 });
    const held = await f.balance(owner);
    expect(held.held).toBeGreaterThan(0);

    // The rail's success reaches a process whose clock runs two minutes behind the ledger's: on its clock the hold
    // has not expired yet, on the ledger's it has.
    const behind = f.processOn(f.rails, f.notifier, {
      clock: () => new Date(now.getTime() - 2 * MINUTE),
      ledger: new Ledger({ store: f.t.store, clock }),
    });
    later(HOLD_TTL + MINUTE);
    await f.rails.mtn_momo.finish(reference, { outcome: 'succeeded' });

    expect(await f.t.ledger.getTransfer(reference)).toMatchObject({ state: 'needs_review' });
    expect(await f.t.store.getResolution(reference)).toBeNull();
    expect(await f.balance(owner)).toMatchObject({ available: held.available, held: held.held });
    expect(keys(reference)).toEqual(['money.withdrawalInReview']);
    expect(await behind.payments.lookup(reference, owner)).toMatchObject({ status: 'pending' });

    // Recovery and the reconcilers leave it to a person, and the owner is not told twice.
    await Promise.all([recover(), reconcile(), reconcile(behind.payments)]);
    expect(await f.t.ledger.getTransfer(reference)).toMatchObject({ state: 'needs_review' });
    expect(keys(reference)).toEqual(['money.withdrawalInReview']);

    // A person confirms with the operator that it was paid: posted once, and the owner told.
    expect(await f.t.ledger.post(reference, { confirmedBy: 'review' })).toMatchObject({ ok: true });
    await reconcile();
    expect(keys(reference)).toEqual(['money.withdrawalInReview', 'money.withdrawalSucceeded']);
    expect(await f.balance(owner)).toMatchObject({ available: held.available, held: 0 });
  });

  it('credits a top-up whose collection the rail confirms after the hold expired', async () => {
    const owner = await f.person();
    const id = randomUUID();
    const reference = `topup:${id}`;
    await f.app.topUps.start({ id, owner, rail: 'mtn_momo', payer: STAYS_PENDING, amount: 5_000 });

    later(HOLD_TTL + MINUTE);
    await f.rails.mtn_momo.finish(reference, { outcome: 'succeeded' });

    expect(await f.t.ledger.getTransfer(reference)).toMatchObject({ state: 'posted' });
    expect(await f.balance(owner)).toMatchObject({ available: 5_000, incoming: 0 });
    expect(keys(reference)).toEqual(['money.topUpSucceeded']);
  });

  it('credits exactly once a top-up sent to review at its expiry once the rail says it collected', async () => {
    const owner = await f.person();
    const id = randomUUID();
    const reference = `topup:${id}`;
    for (const rail of Object.values(f.rails.all)) rail.connect(null); // its callback will be lost
    await f.app.topUps.start({ id, owner, rail: 'mtn_momo', payer: STAYS_PENDING, amount: 5_000 });

    // Still pending at the rail when the hold expires: a person is asked, and the owner told it is being checked.
    later(HOLD_TTL + MINUTE);
    expect(await recover()).toMatchObject({ sentToReview: 1 });
    await reconcile();
    expect(await f.t.ledger.getTransfer(reference)).toMatchObject({ state: 'needs_review' });
    expect(keys(reference)).toEqual(['money.topUpInReview']);

    // The rail collected after all: two reconcilers and the recovery at once credit it once.
    await f.rails.mtn_momo.finish(reference, { outcome: 'succeeded' });
    later(10 * MINUTE);
    const other = f.processOn(f.rails, f.notifier, { ledger: new Ledger({ store: f.t.store, clock }) });
    await Promise.all([reconcile(), reconcile(other.payments), recover(), recover(other.ledger)]);

    expect(await f.t.ledger.getTransfer(reference)).toMatchObject({ state: 'posted' });
    expect(await f.t.store.getResolution(reference)).toMatchObject({ outcome: 'posted', confirmedBy: 'rail' });
    expect(await f.balance(owner)).toMatchObject({ available: 5_000, incoming: 0 });
    expect((await f.t.ledger.balance(accountIds.clearing('mtn_momo'))).counters.debitsPending).toBe(0);
    expect(keys(reference)).toEqual(['money.topUpInReview', 'money.topUpSucceeded']);
    expect(await f.app.payments.lookup(reference, owner)).toMatchObject({ status: 'succeeded' });
  });
});
