/**
 * A payout the rail never heard of, past the NOT_FOUND wait, is asked again under the same reference and never
 * voided: its sender may only be stalled (not dead) and still about to call the rail, and a void would let the
 * money leave twice. Only the rail's refusal releases it; an unknown outcome at the hold's expiry goes to review.
 */
import { randomUUID } from 'node:crypto';
import { recoverOnce } from '../../../domain/ledger/recovery';
import type { PaymentRail } from '../../../domain/paymentRail';
import type { Msisdn } from '../../../domain/phone';
import type { RailPayments } from '../../../domain/railPayments/railPayments';
import { reconcileOnce } from '../../../domain/railPayments/railPaymentsReconciler';
import { someMsisdn, useRailPayments } from './railPaymentsFixture';

let now = new Date('2026-11-29T12:00:00Z');
const clock = () => now;
const later = (ms: number) => {
  now = new Date(now.getTime() + ms);
};
const MINUTE = 60_000;
/** RailPayments' defaults: the NOT_FOUND wait and the hold. */
const NOT_FOUND_WAIT = 2 * MINUTE;
const HOLD_TTL = 60 * MINUTE;
const AMOUNT = 5_000;
const FUNDS = 20_000;

describe('a payout the rail never heard of', () => {
  const f = useRailPayments({ clock });
  const reconcile = (payments: RailPayments = f.app.payments) => reconcileOnce(payments, { graceMs: 0 }, now);
  const recover = () =>
    recoverOnce(
      f.t.ledger,
      { graceMs: 0, maxUndecidedAgeMs: 10 * MINUTE, rails: f.app.payments.railStatusPort(), askRailAfterMs: 0 },
      now,
    );
  const keys = (reference: string) => f.notifier.about(reference).map((d) => d.notice.key);
  const state = async (reference: string) => (await f.t.ledger.getTransfer(reference))?.state;

  /** The MTN rail of this test, with `payout` replaced (status and requests to pay as they are). */
  const mtnWith = (payout: PaymentRail['payout']): PaymentRail => ({
    requestPayment: (request) => f.rails.mtn_momo.requestPayment(request),
    payout,
    status: (direction, reference) => f.rails.mtn_momo.status(direction, reference),
  });

  /** A withdrawal started on a process whose call to the rail never arrives (a timeout before the rail had it). */
  async function lostPayout(owner: Msisdn) {
    const lost = f.processOn(f.rails, f.notifier, {
      rails: { mtn_momo: mtnWith(() => Promise.reject(new Error('timeout'))) },
    });
    f.app.connect();
    const id = randomUUID();
    const started = await lost.withdrawals.start({
      id,
      owner,
      rail: 'mtn_momo',
      payee: someMsisdn(),
      amount: AMOUNT,
    });
    expect(started).toMatchObject({ ok: true });
    return { reference: `withdraw:${id}`, fee: started.ok ? started.quote.fee : NaN };
  }

  it('stalled between the dispatch decision and the rail call: asked again, then the late call pays nothing more', async () => {
    const owner = await f.person(FUNDS);
    let entered!: () => void;
    const inRailCall = new Promise<void>((resolve) => (entered = resolve));
    let wakeUp!: () => void;
    const stall = new Promise<void>((resolve) => (wakeUp = resolve));
    const stalled = f.processOn(f.rails, f.notifier, {
      rails: {
        mtn_momo: mtnWith(async (request) => {
          entered();
          await stall; // the process stalls (GC pause, frozen VM) before its HTTP call leaves
          return f.rails.mtn_momo.payout(request);
        }),
      },
    });
    f.app.connect();
    const id = randomUUID();
    const reference = `withdraw:${id}`;
    const starting = stalled.withdrawals.start({ id, owner, rail: 'mtn_momo', payee: someMsisdn(), amount: AMOUNT });
    await inRailCall;
    expect(await f.store.getDispatch(reference)).toMatchObject({ decision: 'send' });

    // Within the wait: left alone. Past it: asked again under the same reference, and still held.
    later(MINUTE);
    await reconcile();
    expect(f.rails.mtn_momo.payment(reference)).toBeUndefined();
    later(NOT_FOUND_WAIT);
    await reconcile();
    expect(await state(reference)).toBe('held');
    expect(f.rails.mtn_momo.allPayments().map((p) => p.reference)).toEqual([reference]);

    // The stalled call arrives: the rail already has this reference and pays nothing more.
    wakeUp();
    const started = await starting;
    expect(started).toMatchObject({ ok: true });
    await f.rails.scheduler.advance(3_000);
    await Promise.all([reconcile(), recover()]);

    expect(f.rails.mtn_momo.allPayments()).toMatchObject([{ reference, amount: AMOUNT }]);
    expect(await state(reference)).toBe('posted');
    const fee = started.ok ? started.quote.fee : NaN;
    expect(await f.balance(owner)).toMatchObject({ available: FUNDS - AMOUNT - fee, held: 0 });
    expect(keys(reference)).toEqual(['money.withdrawalSucceeded']);
  });

  it('is released only when the rail refuses it when asked again, and the owner is told', async () => {
    const owner = await f.person(FUNDS);
    const { reference } = await lostPayout(owner);
    const refusing = f.processOn(f.rails, f.notifier, {
      rails: { mtn_momo: mtnWith(() => Promise.resolve({ ok: false, reason: 'UNAVAILABLE' })) },
    });
    f.app.connect();
    later(NOT_FOUND_WAIT + MINUTE);
    await reconcile(refusing.payments);

    expect(await state(reference)).toBe('voided');
    expect(await f.balance(owner)).toMatchObject({ available: FUNDS, held: 0 });
    expect(keys(reference)).toEqual(['money.withdrawalFailed']);
    expect(await f.app.payments.lookup(reference, owner)).toMatchObject({ status: 'failed', reason: 'UNAVAILABLE' });
    expect(f.rails.mtn_momo.allPayments()).toEqual([]);
  });

  it('stays held when the rail cannot be asked again, and is paid once a later pass reaches it', async () => {
    const owner = await f.person(FUNDS);
    const { reference, fee } = await lostPayout(owner);
    const unreachable = f.processOn(f.rails, f.notifier, {
      rails: { mtn_momo: mtnWith(() => Promise.reject(new Error('timeout'))) },
    });
    f.app.connect();
    later(NOT_FOUND_WAIT + MINUTE);
    expect(await reconcile(unreachable.payments)).toMatchObject({ stillPending: 1, errors: 0 });
    expect(await state(reference)).toBe('held');
    expect(keys(reference)).toEqual([]);

    later(MINUTE);
    await reconcile();
    await f.rails.scheduler.advance(3_000);
    expect(await state(reference)).toBe('posted');
    expect(await f.balance(owner)).toMatchObject({ available: FUNDS - AMOUNT - fee, held: 0 });
    expect(keys(reference)).toEqual(['money.withdrawalSucceeded']);
  });

  it('is never released by the ledger’s recovery either: still unknown at the hold’s expiry, it goes to review', async () => {
    const owner = await f.person(FUNDS);
    const { reference } = await lostPayout(owner);
    later(NOT_FOUND_WAIT + MINUTE);
    await recover();
    expect(await state(reference)).toBe('held');

    later(HOLD_TTL);
    await recover();
    // Past the hold's expiry the reconciler does not ask the rail again: a person decides.
    await reconcile();
    expect(await state(reference)).toBe('needs_review');
    expect(f.rails.mtn_momo.allPayments()).toEqual([]);
    expect(keys(reference)).toEqual(['money.withdrawalInReview']);

    // A person confirms with the operator that nothing was paid: released once, and the owner told.
    expect(await f.t.ledger.void(reference, { confirmedBy: 'review' })).toMatchObject({ ok: true });
    await reconcile();
    expect(await f.balance(owner)).toMatchObject({ available: FUNDS, held: 0 });
    expect(keys(reference)).toEqual(['money.withdrawalInReview', 'money.withdrawalFailed']);
  });
});
