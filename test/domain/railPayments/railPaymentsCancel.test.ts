/**
 * A collection on a rail that can call it off (a card checkout, open at the provider longer than we hold the money):
 * cancelled there shortly before its hold ends, by the reconciler or by the ledger's recovery, and settled from the
 * rail's status after the cancel, never from the cancel itself: canceled is "not paid in time", paid first is a
 * credit, and a cancel that cannot be asked leaves it pending for the next look. On the real ledger and store; the
 * rail is a small in-memory checkout.
 */
import { randomUUID } from 'node:crypto';
import { recoverOnce } from '../../../domain/ledger/recovery';
import type { PaymentRail, RailAcceptance, RailRequest, RailStatus } from '../../../domain/paymentRail';
import type { CancellableRail } from '../../../domain/railPayments/railCancellation';
import { RailPayments } from '../../../domain/railPayments/railPayments';
import { reconcileOnce } from '../../../domain/railPayments/railPaymentsReconciler';
import { ShortReferences } from '../../../domain/shortReferences';
import { TopUps, topUpReference } from '../../../domain/topUps';
import { OtherPayerLimit } from '../../../domain/otherPayers';
import { MongoOtherPayerSlots } from '../../../integrations/mongo/otherPayerStore';
import { MongoShortReferenceStore } from '../../../integrations/mongo/shortReferenceStore';
import { payerMessage } from '../../../bots/app/payerMessage';
import { useRailPayments } from './railPaymentsFixture';

let now = new Date('2026-12-01T10:00:00Z');
const clock = () => now;
const MINUTE = 60_000;
const later = (ms: number) => {
  now = new Date(now.getTime() + ms);
};

/** A hosted checkout: pending until paid or cancelled; a cancel of a paid one changes nothing. */
class Checkout implements PaymentRail, CancellableRail {
  readonly statuses = new Map<string, RailStatus>();
  readonly cancels: string[] = [];
  /** The next cancels throw (the provider cannot be asked). */
  failCancels = 0;

  requestPayment(request: RailRequest): Promise<RailAcceptance> {
    this.statuses.set(request.reference, { outcome: 'pending' });
    return Promise.resolve({ ok: true, checkoutUrl: `https://pay.example/${request.reference}` });
  }

  payout(): Promise<RailAcceptance> {
    return Promise.resolve({ ok: false, reason: 'UNAVAILABLE' });
  }

  status(_direction: string, reference: string): Promise<RailStatus> {
    return Promise.resolve(this.statuses.get(reference) ?? { outcome: 'failed', reason: 'NOT_FOUND' });
  }

  async cancelCollection(reference: string): Promise<RailStatus> {
    this.cancels.push(reference);
    if (this.failCancels > 0) {
      this.failCancels -= 1;
      throw new Error('the provider did not answer');
    }
    if (this.statuses.get(reference)?.outcome === 'pending') {
      this.statuses.set(reference, { outcome: 'failed', reason: 'REJECTED' });
    }
    return this.status('collect', reference);
  }
}

describe('a card collection still pending when its hold is about to end', () => {
  const f = useRailPayments({ clock });
  let checkout: Checkout;
  let payments: RailPayments;
  let topUps: TopUps;

  beforeEach(() => {
    checkout = new Checkout();
    payments = new RailPayments({
      ledger: f.t.ledger,
      store: f.store,
      rails: { card: checkout },
      notifier: f.notifier,
      shortReferences: new ShortReferences(new MongoShortReferenceStore(f.t.db.connection), clock),
      clock,
    });
    topUps = new TopUps(payments, {
      users: { find: () => Promise.resolve(null) },
      otherPayers: new OtherPayerLimit(new MongoOtherPayerSlots(f.t.db.connection), 20, clock),
      payerMessage,
    });
  });

  const reconcile = () => reconcileOnce(payments, { graceMs: 0 }, now);
  const keys = (reference: string) => f.notifier.about(reference).map((d) => d.notice.key);

  async function cardTopUp() {
    const owner = await f.person();
    const id = randomUUID();
    const started = await topUps.start({ id, owner, rail: 'card', payer: owner, amount: 10_000 });
    expect(started).toMatchObject({ ok: true, checkoutUrl: expect.any(String) });
    return { owner, reference: topUpReference(id) };
  }

  it('is only asked about while the hold has time; within ten minutes of its end it is cancelled and released', async () => {
    const { owner, reference } = await cardTopUp();
    later(49 * MINUTE);
    await reconcile();
    expect(checkout.cancels).toEqual([]);
    expect(await f.t.ledger.getTransfer(reference)).toMatchObject({ state: 'held' });

    later(2 * MINUTE);
    expect(await reconcile()).toMatchObject({ finished: 1 });
    expect(checkout.cancels).toEqual([reference]);
    expect(await f.t.ledger.getTransfer(reference)).toMatchObject({ state: 'voided' });
    expect(await f.balance(owner)).toMatchObject({ available: 0, incoming: 0 });
    // Cancelled for want of payment in time, whatever word the rail used: never "declined", never in review.
    expect(keys(reference)).toEqual(['money.topUpExpired']);
  });

  it('tells the owner it expired when the rail’s own news of our cancel settles it first (its webhook says canceled)', async () => {
    const { owner, reference } = await cardTopUp();
    later(55 * MINUTE);
    // The provider's webhook for the cancel arrives, and is handled, before the reconciler's cancel call returns.
    const cancel = checkout.cancelCollection.bind(checkout);
    checkout.cancelCollection = async (ref) => {
      const after = await cancel(ref);
      await payments.onRailCallback({ rail: 'card', reference: ref });
      return after;
    };
    await reconcile();
    expect(await f.t.ledger.getTransfer(reference)).toMatchObject({ state: 'voided' });
    expect(await f.balance(owner)).toMatchObject({ available: 0, incoming: 0, held: 0 });
    expect(keys(reference)).toEqual(['money.topUpExpired']);
  });

  it('is credited when the payer paid before the cancel reached the rail', async () => {
    const { owner, reference } = await cardTopUp();
    later(55 * MINUTE);
    // The payer pays just as the reconciler looks: its status read says pending, the cancel finds it paid.
    const read = checkout.status.bind(checkout);
    checkout.status = async (direction, ref) => {
      const answer = await read(direction, ref);
      checkout.statuses.set(ref, { outcome: 'succeeded' });
      return answer;
    };
    await reconcile();
    expect(checkout.cancels).toEqual([reference]);
    expect(await f.t.ledger.getTransfer(reference)).toMatchObject({ state: 'posted' });
    expect(await f.balance(owner)).toMatchObject({ available: 10_000, incoming: 0 });
    expect(keys(reference)).toEqual(['money.topUpSucceeded']);
  });

  it('stays pending when the cancel cannot be asked; past the hold, recovery cancels it and releases it, no review', async () => {
    const { owner, reference } = await cardTopUp();
    later(55 * MINUTE);
    checkout.failCancels = 1;
    expect(await reconcile()).toMatchObject({ stillPending: 1 });
    expect(await f.t.ledger.getTransfer(reference)).toMatchObject({ state: 'held' });

    later(10 * MINUTE);
    await recoverOnce(
      f.t.ledger,
      { graceMs: 0, maxUndecidedAgeMs: 10 * MINUTE, rails: payments.railStatusPort(), askRailAfterMs: 0 },
      now,
    );
    expect(checkout.cancels).toEqual([reference, reference]);
    // Released by the recovery as past its expiry (not sent to review): the rail said canceled.
    expect(await f.t.ledger.getTransfer(reference)).toMatchObject({ state: 'expired' });
    await reconcile();
    expect(await f.balance(owner)).toMatchObject({ available: 0, incoming: 0, held: 0 });
    expect(keys(reference)).toEqual(['money.topUpExpired']);
  });
});
