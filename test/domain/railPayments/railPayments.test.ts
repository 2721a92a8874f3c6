import { randomUUID } from 'node:crypto';
import { accountIds } from '../../../domain/ledger/accounts';
import { Ledger } from '../../../domain/ledger/ledger';
import { recoverOnce } from '../../../domain/ledger/recovery';
import type { Msisdn } from '../../../domain/phone';
import { noticeDedupeKey } from '../../../domain/railPayments/railPaymentNotices';
import { deriveShortReference } from '../../../domain/shortReference';
import { reconcileOnce, startRailPaymentsReconciler } from '../../../domain/railPayments/railPaymentsReconciler';
import type { PaymentRail } from '../../../domain/paymentRail';
import { dyingProcess, sandboxNumber, someMsisdn, useRailPayments } from './railPaymentsFixture';

let now = new Date('2026-11-29T10:00:00Z');
const clock = () => now;
/** Moves the shared clock (ledger, payments, reconciler) forward. */
const later = (ms: number) => {
  now = new Date(now.getTime() + ms);
};
const MINUTE = 60_000;

describe('top-ups and withdrawals through the rails', () => {
  const f = useRailPayments({ clock });

  const reconcile = (payments = f.app.payments) => reconcileOnce(payments, { graceMs: 0 }, now);

  describe('top-ups', () => {
    it('gives back the page a hosted checkout answered (cards), only to the call that asked the rail', async () => {
      const card = f.rails.card;
      const asked: string[] = [];
      const hosted: PaymentRail = {
        requestPayment: async (request) => {
          asked.push(request.reference);
          const acceptance = await card.requestPayment(request);
          return acceptance.ok
            ? { ...acceptance, checkoutUrl: `https://pay.example/c/${request.reference}` }
            : acceptance;
        },
        payout: (request) => card.payout(request),
        status: (direction, reference) => card.status(direction, reference),
      };
      const app = f.processOn(f.rails, f.notifier, { rails: { ...f.rails.all, card: hosted } });
      const owner = await f.person();
      const id = randomUUID();
      const request = { id, owner, rail: 'card' as const, payer: owner, amount: 5_000 };
      const started = await app.topUps.start(request);
      const shortReference = deriveShortReference(`topup:${id}`);
      expect(started).toEqual({
        ok: true,
        reference: `topup:${id}`,
        shortReference,
        quote: { amount: 5_000, fee: 150, total: 5_150 },
        checkoutUrl: `https://pay.example/c/topup:${id}`,
      });
      // A retry finds the rail already asked: the same start, without asking it (or its page) again.
      expect(await app.topUps.start(request)).toEqual({
        ok: true,
        reference: `topup:${id}`,
        shortReference,
        quote: { amount: 5_000, fee: 150, total: 5_150 },
      });
      expect(asked).toEqual([`topup:${id}`]);
      await f.rails.scheduler.advance(3_000);
      expect(await f.balance(owner)).toMatchObject({ available: 5_000, incoming: 0 });
    });

    it('holds the amount as incoming, asks the rail, and credits the wallet and tells the owner once it succeeds', async () => {
      const owner = await f.person(1_000);
      const id = randomUUID();
      const started = await f.app.topUps.start({ id, owner, rail: 'mtn_momo', payer: owner, amount: 5_000 });
      const reference = `topup:${id}`;
      // The receipt's short reference: the first derivation of the transfer id, reserved for it.
      const shortReference = deriveShortReference(reference);
      expect(started).toEqual({ ok: true, reference, shortReference, quote: { amount: 5_000, fee: 0, total: 5_000 } });
      expect(f.rails.mtn_momo.payment(reference)?.shortReference).toBe(shortReference);

      expect(await f.balance(owner)).toMatchObject({ available: 1_000, incoming: 5_000 });
      expect(f.rails.mtn_momo.payment(reference)).toMatchObject({ direction: 'collect', msisdn: owner, amount: 5_000 });
      expect(await f.app.payments.lookup(reference, owner)).toMatchObject({ status: 'pending', amount: 5_000 });
      expect(f.notifier.delivered).toEqual([]);

      await f.rails.scheduler.advance(3_000);

      expect(await f.balance(owner)).toMatchObject({ available: 6_000, incoming: 0 });
      expect(f.notifier.delivered).toEqual([
        {
          to: owner,
          notice: {
            key: 'money.topUpSucceeded',
            params: { amount: { francs: 5_000 }, balance: { francs: 6_000 }, reference: shortReference },
          },
          dedupeKey: noticeDedupeKey(reference),
        },
      ]);
      expect(await f.app.payments.lookup(reference, owner)).toMatchObject({ status: 'succeeded', reason: null });
    });

    it('collects the card fee on top of the amount: the wallet gets the amount, the fees account the fee', async () => {
      const owner = await f.person();
      const feesBefore = (await f.t.ledger.balance(accountIds.fees)).counters.creditsPosted;
      const started = await f.app.topUps.start({ id: randomUUID(), owner, rail: 'card', payer: owner, amount: 10_000 });
      expect(started).toMatchObject({ ok: true, quote: { amount: 10_000, fee: 300, total: 10_300 } });
      if (!started.ok) return;
      expect(f.rails.card.payment(started.reference)?.amount).toBe(10_300);

      await f.rails.scheduler.advance(3_000);

      expect((await f.balance(owner)).available).toBe(10_000);
      expect((await f.t.ledger.balance(accountIds.fees)).counters.creditsPosted - feesBefore).toBe(300);
    });

    it.each([
      [0, 'PAYER_FAILED', 'money.topUpFailed'],
      [1, 'REJECTED', 'money.topUpDeclined'],
      [2, 'EXPIRED', 'money.topUpExpired'],
      [5, 'PAYER_NOT_FOUND', 'money.topUpNoAccount'],
      [6, 'PAYEE_NOT_ALLOWED', 'money.topUpFailed'],
    ])(
      'releases the top-up when the payer number ends in %i (%s) and tells the owner why',
      async (digit, reason, key) => {
        const owner = await f.person(1_000);
        const id = randomUUID();
        const reference = `topup:${id}`;
        await f.app.topUps.start({ id, owner, rail: 'mtn_momo', payer: sandboxNumber(digit), amount: 5_000 });

        await f.rails.scheduler.advance(3_000);

        expect(await f.balance(owner)).toMatchObject({ available: 1_000, incoming: 0 });
        expect((await f.t.ledger.getTransfer(reference))?.state).toBe('voided');
        expect(f.notifier.delivered.map((d) => d.notice)).toEqual([
          { key, params: { amount: { francs: 5_000 }, reference: deriveShortReference(reference) } },
        ]);
        expect(await f.app.payments.lookup(reference, owner)).toMatchObject({ status: 'failed', reason });
      },
    );

    it('stays pending while the rail does (the reconciler only asks), and ends when the operator answers', async () => {
      const owner = await f.person();
      const id = randomUUID();
      const reference = `topup:${id}`;
      await f.app.topUps.start({ id, owner, rail: 'mtn_momo', payer: sandboxNumber(3), amount: 2_000 });

      await f.rails.scheduler.advance(60_000);
      later(10 * MINUTE);
      expect(await reconcile()).toMatchObject({ examined: 1, stillPending: 1, finished: 0 });
      expect(await f.app.payments.lookup(reference, owner)).toMatchObject({ status: 'pending' });
      expect(await f.balance(owner)).toMatchObject({ available: 0, incoming: 2_000 });
      expect(f.notifier.delivered).toEqual([]);

      await f.rails.mtn_momo.finish(reference, { outcome: 'succeeded' });

      expect((await f.balance(owner)).available).toBe(2_000);
      expect(f.notifier.about(reference).map((d) => d.notice.key)).toEqual(['money.topUpSucceeded']);
    });

    it('waits ten times longer for a delayed payer (number ending in 4), then credits', async () => {
      const owner = await f.person();
      const id = randomUUID();
      await f.app.topUps.start({ id, owner, rail: 'mtn_momo', payer: sandboxNumber(4), amount: 2_000 });
      await f.rails.scheduler.advance(29_999);
      expect(await f.app.payments.lookup(`topup:${id}`, owner)).toMatchObject({ status: 'pending' });
      await f.rails.scheduler.advance(1);
      expect(await f.app.payments.lookup(`topup:${id}`, owner)).toMatchObject({ status: 'succeeded' });
    });

    it('refuses a top-up that would take the wallet past its maximum balance, counting pending top-ups', async () => {
      const owner = await f.person(150_000, 'basic'); // basic: at most 200 000
      const first = await f.app.topUps.start({
        id: randomUUID(),
        owner,
        rail: 'mtn_momo',
        payer: owner,
        amount: 40_000,
      });
      expect(first).toMatchObject({ ok: true });
      const id = randomUUID();
      const second = await f.app.topUps.start({ id, owner, rail: 'mtn_momo', payer: owner, amount: 20_000 });

      expect(second).toEqual({ ok: false, reason: 'LIMIT_BALANCE' });
      expect(f.rails.mtn_momo.payment(`topup:${id}`)).toBeUndefined();
      expect(await f.app.payments.lookup(`topup:${id}`, owner)).toMatchObject({ status: 'failed' });
      await f.rails.scheduler.advance(3_000);
      expect(await f.balance(owner)).toMatchObject({ available: 190_000, incoming: 0 });
      // The refused one was answered at once: only the first is told.
      expect(f.notifier.delivered.map((d) => d.notice.key)).toEqual(['money.topUpSucceeded']);
    });

    it('refuses a top-up to a number without a wallet, an invalid amount, and a reused id with other details', async () => {
      const owner = await f.person();
      const id = randomUUID();
      expect(
        await f.app.topUps.start({ id, owner: someMsisdn(), rail: 'mtn_momo', payer: owner, amount: 1_000 }),
      ).toEqual({ ok: false, reason: 'NO_WALLET' });
      for (const amount of [0, -5, 10.5, 2e9]) {
        expect(
          await f.app.topUps.start({ id: randomUUID(), owner, rail: 'orange_money', payer: owner, amount }),
        ).toEqual({ ok: false, reason: 'INVALID_AMOUNT' });
      }
      const other = randomUUID();
      await f.app.topUps.start({ id: other, owner, rail: 'mtn_momo', payer: owner, amount: 1_000 });
      expect(await f.app.topUps.start({ id: other, owner, rail: 'mtn_momo', payer: owner, amount: 9_000 })).toEqual({
        ok: false,
        reason: 'CONFLICT',
      });
      expect(f.rails.mtn_momo.allPayments()).toHaveLength(1);
      await f.rails.scheduler.advance(3_000);
    });
  });

  describe('withdrawals', () => {
    it('holds amount and fee, pays the amount out, and posts and tells the owner once the rail confirms', async () => {
      const owner = await f.person(20_000);
      const payee = someMsisdn();
      const id = randomUUID();
      const reference = `withdraw:${id}`;
      const started = await f.app.withdrawals.start({ id, owner, rail: 'orange_money', payee, amount: 10_000 });
      const shortReference = deriveShortReference(reference);
      expect(started).toEqual({
        ok: true,
        reference,
        shortReference,
        quote: { amount: 10_000, fee: 200, total: 10_200 },
      });
      expect(await f.balance(owner)).toMatchObject({ available: 9_800, held: 10_200 });
      expect(f.rails.orange_money.payment(reference)).toMatchObject({
        direction: 'payout',
        msisdn: payee,
        amount: 10_000,
      });

      await f.rails.scheduler.advance(3_000);

      expect(await f.balance(owner)).toMatchObject({ available: 9_800, held: 0 });
      expect(f.notifier.delivered.map((d) => d.notice)).toEqual([
        {
          key: 'money.withdrawalSucceeded',
          params: {
            amount: { francs: 10_000 },
            fee: { francs: 200 },
            balance: { francs: 9_800 },
            reference: shortReference,
          },
        },
      ]);
    });

    it.each([
      [0, 'PAYER_FAILED', 'money.withdrawalFailed'],
      [1, 'REJECTED', 'money.withdrawalFailed'],
      [2, 'EXPIRED', 'money.withdrawalFailed'],
      [5, 'NOT_ENOUGH_FUNDS', 'money.withdrawalFailed'],
      [6, 'LIMIT_REACHED', 'money.withdrawalLimitReached'],
    ])('releases the whole hold when the payee number ends in %i (%s) and says so', async (digit, reason, key) => {
      const owner = await f.person(20_000);
      const id = randomUUID();
      const reference = `withdraw:${id}`;
      await f.app.withdrawals.start({ id, owner, rail: 'mtn_momo', payee: sandboxNumber(digit), amount: 10_000 });
      expect((await f.balance(owner)).held).toBe(10_200);

      await f.rails.scheduler.advance(3_000);

      expect(await f.balance(owner)).toMatchObject({ available: 20_000, held: 0 });
      expect(f.notifier.delivered.map((d) => d.notice)).toEqual([
        {
          key,
          params: { amount: { francs: 10_000 }, total: { francs: 10_200 }, reference: deriveShortReference(reference) },
        },
      ]);
      expect(await f.app.payments.lookup(reference, owner)).toMatchObject({ status: 'failed', reason });
    });

    it('refuses a withdrawal beyond the balance and holds nothing, asks no rail, tells nothing later', async () => {
      const owner = await f.person(5_000);
      const id = randomUUID();
      const started = await f.app.withdrawals.start({ id, owner, rail: 'mtn_momo', payee: owner, amount: 5_000 });
      expect(started).toEqual({ ok: false, reason: 'INSUFFICIENT_FUNDS' }); // 5 000 + 100 fee
      expect(await f.balance(owner)).toMatchObject({ available: 5_000, held: 0 });
      expect(f.rails.mtn_momo.allPayments()).toEqual([]);
      expect(await reconcile()).toMatchObject({ examined: 0 });
      expect(f.notifier.calls).toEqual([]);
      expect(await f.app.payments.lookup(`withdraw:${id}`, owner)).toMatchObject({
        status: 'failed',
        reason: 'INSUFFICIENT_FUNDS',
      });
    });

    it('refuses withdrawals to a card, and beyond the per-transaction limit', async () => {
      const owner = await f.person(100_000, 'basic');
      expect(
        await f.app.withdrawals.start({ id: randomUUID(), owner, rail: 'card', payee: owner, amount: 1_000 }),
      ).toEqual({ ok: false, reason: 'UNSUPPORTED_RAIL' });
      expect(
        await f.app.withdrawals.start({ id: randomUUID(), owner, rail: 'mtn_momo', payee: owner, amount: 60_000 }),
      ).toEqual({ ok: false, reason: 'LIMIT_PER_TRANSACTION' });
      expect((await f.balance(owner)).held).toBe(0);
    });

    it('releases the hold at once when the rail refuses the request, and answers the caller instead of a notice', async () => {
      const owner = await f.person(20_000);
      f.rails.mtn_momo.setAvailable(false);
      const id = randomUUID();
      const started = await f.app.withdrawals.start({ id, owner, rail: 'mtn_momo', payee: owner, amount: 10_000 });

      expect(started).toEqual({ ok: false, reason: 'RAIL_REFUSED' });
      expect(await f.balance(owner)).toMatchObject({ available: 20_000, held: 0 });
      expect(await f.app.payments.lookup(`withdraw:${id}`, owner)).toMatchObject({
        status: 'failed',
        reason: 'UNAVAILABLE',
      });
      // Retrying the same id does not ask the rail again, even once it is back.
      f.rails.mtn_momo.setAvailable(true);
      expect(await f.app.withdrawals.start({ id, owner, rail: 'mtn_momo', payee: owner, amount: 10_000 })).toEqual({
        ok: false,
        reason: 'FAILED',
      });
      expect(f.rails.mtn_momo.allPayments()).toEqual([]);
      await reconcile();
      expect(f.notifier.calls).toEqual([]);
    });

    it('gives one hold and one rail request for the same id sent 20 times at once from two processes', async () => {
      const owner = await f.person(50_000);
      const other = f.processOn(f.rails, f.notifier, { ledger: new Ledger({ store: f.t.store, clock }) });
      f.app.connect();
      const id = randomUUID();
      const request = { id, owner, rail: 'mtn_momo' as const, payee: someMsisdn(), amount: 10_000 };

      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? other : f.app).withdrawals.start(request)),
      );

      expect(results.every((r) => r.ok && r.reference === `withdraw:${id}`)).toBe(true);
      expect(await f.balance(owner)).toMatchObject({ available: 39_800, held: 10_200 });
      expect(f.rails.mtn_momo.allPayments()).toEqual([expect.objectContaining({ requests: 1, amount: 10_000 })]);

      await f.rails.scheduler.advance(3_000);
      expect(await f.balance(owner)).toMatchObject({ available: 39_800, held: 0 });
      expect(f.notifier.about(`withdraw:${id}`)).toHaveLength(1);
    });
  });

  describe('callbacks and reconciliation', () => {
    it('ignores a callback for an unknown reference, or for a transfer that is not a rail payment', async () => {
      const [alice, bob] = [await f.person(5_000), await f.person()];
      const p2p = await f.t.ledger.transfer({
        id: randomUUID(),
        kind: 'p2p',
        debit: accountIds.wallet(alice),
        credits: [{ account: accountIds.wallet(bob), amount: 1_000 }],
        mode: 'single',
      });
      expect(await f.app.payments.onRailCallback({ reference: 'topup:never-made', rail: 'mtn_momo' })).toBeNull();
      expect(await f.app.payments.onRailCallback({ reference: p2p.transfer!._id })).toBeNull();
      expect(await f.app.payments.lookup(p2p.transfer!._id, alice)).toBeNull();
      expect(f.notifier.calls).toEqual([]);
      expect((await f.balance(bob)).available).toBe(1_000);
    });

    it('believes no callback: a forged "success" for a payment still pending at the rail moves nothing', async () => {
      const owner = await f.person();
      const id = randomUUID();
      const reference = `topup:${id}`;
      await f.app.topUps.start({ id, owner, rail: 'mtn_momo', payer: sandboxNumber(3), amount: 3_000 });

      // The same reference claimed from another rail, and from the right one: the rail is asked, not believed.
      expect(await f.app.payments.onRailCallback({ reference, rail: 'orange_money' })).toMatchObject({
        status: 'pending',
      });
      expect(await f.app.payments.onRailCallback({ reference, rail: 'mtn_momo' })).toMatchObject({ status: 'pending' });
      expect(await f.balance(owner)).toMatchObject({ available: 0, incoming: 3_000 });
      expect(f.notifier.calls).toEqual([]);
      expect(await f.app.payments.lookup(reference, someMsisdn())).toBeNull(); // not yours to see

      await f.rails.mtn_momo.finish(reference, { outcome: 'failed', reason: 'REJECTED' });
      expect(await f.balance(owner)).toMatchObject({ available: 0, incoming: 0 });
    });

    it('finishes a payment whose callback was lost', async () => {
      const owner = await f.person();
      for (const rail of Object.values(f.rails.all)) rail.connect(null);
      const id = randomUUID();
      await f.app.topUps.start({ id, owner, rail: 'orange_money', payer: owner, amount: 4_000 });
      await f.rails.scheduler.advance(3_000);
      expect((await f.balance(owner)).incoming).toBe(4_000);

      later(MINUTE);
      expect(await reconcileOnce(f.app.payments, { graceMs: 30_000 }, now)).toMatchObject({ finished: 1 });
      expect((await f.balance(owner)).available).toBe(4_000);
      expect(f.notifier.about(`topup:${id}`)).toHaveLength(1);
    });

    it('tells the owner exactly once when the callback, two reconcilers and the ledger recovery all see the outcome', async () => {
      const owner = await f.person(30_000);
      for (const rail of Object.values(f.rails.all)) rail.connect(null);
      const other = f.processOn(f.rails, f.notifier, { ledger: new Ledger({ store: f.t.store, clock }) });
      const [top, out] = [randomUUID(), randomUUID()];
      await f.app.topUps.start({ id: top, owner, rail: 'mtn_momo', payer: owner, amount: 5_000 });
      await f.app.withdrawals.start({ id: out, owner, rail: 'mtn_momo', payee: sandboxNumber(6), amount: 8_000 });
      await f.rails.scheduler.advance(3_000); // the rail has the outcomes; nobody heard
      later(MINUTE);

      const ledgerRecovery = () =>
        recoverOnce(
          f.t.ledger,
          { graceMs: 0, maxUndecidedAgeMs: 10 * MINUTE, rails: f.app.payments.railStatusPort(), askRailAfterMs: 0 },
          now,
        );
      await Promise.all([
        f.app.payments.onRailCallback({ reference: `topup:${top}` }),
        f.app.payments.onRailCallback({ reference: `withdraw:${out}` }),
        reconcile(),
        reconcile(other.payments),
        ledgerRecovery(),
      ]);
      await reconcile();

      expect(f.notifier.about(`topup:${top}`).map((d) => d.notice.key)).toEqual(['money.topUpSucceeded']);
      expect(f.notifier.about(`withdraw:${out}`).map((d) => d.notice.key)).toEqual(['money.withdrawalLimitReached']);
      // However many saw it, every notify call was the same notice under the same key.
      for (const reference of [`topup:${top}`, `withdraw:${out}`]) {
        const calls = f.notifier.calls.filter((c) => c.dedupeKey === noticeDedupeKey(reference));
        expect(new Set(calls.map((c) => JSON.stringify(c.notice))).size).toBe(1);
      }
      expect(await f.balance(owner)).toMatchObject({ available: 35_000, held: 0, incoming: 0 });
    });

    it('still tells the owner, with the rail reason, when the ledger recovery settled the payment alone', async () => {
      const owner = await f.person(30_000);
      for (const rail of Object.values(f.rails.all)) rail.connect(null);
      const id = randomUUID();
      const reference = `withdraw:${id}`;
      await f.app.withdrawals.start({ id, owner, rail: 'mtn_momo', payee: sandboxNumber(6), amount: 8_000 });
      await f.rails.scheduler.advance(3_000);
      later(20 * MINUTE);

      const report = await recoverOnce(
        f.t.ledger,
        { graceMs: 0, maxUndecidedAgeMs: 10 * MINUTE, rails: f.app.payments.railStatusPort(), askRailAfterMs: 0 },
        now,
      );
      expect(report.resolved).toBe(1);
      expect((await f.t.ledger.getTransfer(reference))?.state).toBe('voided');
      expect(f.notifier.calls).toEqual([]);

      await reconcile();
      expect(f.notifier.about(reference).map((d) => d.notice.key)).toEqual(['money.withdrawalLimitReached']);
    });

    it('runs as a worker that settles payments in the background until stopped', async () => {
      const owner = await f.person();
      for (const rail of Object.values(f.rails.all)) rail.connect(null);
      const id = randomUUID();
      await f.app.topUps.start({ id, owner, rail: 'mtn_momo', payer: owner, amount: 1_500 });
      await f.rails.scheduler.advance(3_000);
      const worker = startRailPaymentsReconciler(f.app.payments, { intervalMs: 20, graceMs: 0 });
      try {
        const deadline = Date.now() + 10_000;
        while (f.notifier.about(`topup:${id}`).length === 0 && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      } finally {
        await worker.stop();
      }
      expect((await f.balance(owner)).available).toBe(1_500);
    });

    it('answers the ledger recovery "unknown" for transfers that are not rail payments of ours', async () => {
      const port = f.app.payments.railStatusPort();
      expect(await port.status('mtn_momo', 'withdraw:nothing-here')).toBe('unknown');
    });
  });

  describe('crashes', () => {
    type Direction = 'withdrawal' | 'top-up';
    const referenceOf = (direction: Direction, id: string) =>
      (direction === 'withdrawal' ? 'withdraw:' : 'topup:') + id;

    /** Starts a payment of 10 000 that succeeds or (every other time) fails at the rail. */
    function startOn(process: ReturnType<typeof f.processOn>, direction: Direction, owner: Msisdn, n: number) {
      const id = randomUUID();
      const other = n % 2 ? someMsisdn() : sandboxNumber(5);
      const started =
        direction === 'withdrawal'
          ? process.withdrawals.start({ id, owner, rail: 'mtn_momo', payee: other, amount: 10_000 })
          : process.topUps.start({ id, owner, rail: 'mtn_momo', payer: other, amount: 10_000 });
      return { reference: referenceOf(direction, id), started };
    }

    /**
     * After the reconciler: the wallet moved if and only if the rail moved the money, nothing stays held or
     * incoming, the owner was told once if anything was held, and nothing is left open.
     */
    async function expectSettledAsTheRailSays(direction: Direction, owner: Msisdn, reference: string) {
      const transfer = await f.t.ledger.getTransfer(reference);
      const railMoved = f.rails.mtn_momo.payment(reference)?.status.outcome === 'succeeded';
      expect({ reference, state: transfer?.state ?? 'none', railMoved }).toEqual({
        reference,
        state: railMoved ? 'posted' : transfer ? 'voided' : 'none',
        railMoved,
      });
      const moved = direction === 'withdrawal' ? -10_200 : 10_000;
      expect(await f.balance(owner)).toMatchObject({
        available: 20_000 + (railMoved ? moved : 0),
        held: 0,
        incoming: 0,
      });
      expect({ reference, notices: f.notifier.about(reference).length }).toEqual({
        reference,
        notices: transfer ? 1 : 0,
      });
      expect(await f.store.findOpen(100)).toEqual([]);
    }

    it.each(['withdrawal', 'top-up'] as const)(
      'ends a %s as the rail did, whichever store call its starting process died after',
      async (direction) => {
        let crashAt = 1;
        for (; ; crashAt += 1) {
          const owner = await f.person(20_000);
          const dying = dyingProcess(f.t.store, f.store, crashAt);
          const process = f.processOn(f.rails, f.notifier, {
            ledgerStore: dying.ledgerStore,
            paymentsStore: dying.paymentsStore,
          });
          f.app.connect(); // the rail calls back into a live process
          const { reference, started } = startOn(process, direction, owner, crashAt);
          await started.catch(() => null);
          await f.rails.scheduler.advance(3_000);
          later(3 * MINUTE);
          await reconcile();
          // A payout decided `send` but never asked is asked again by that pass (never voided): the rail's answer
          // and the next pass end it.
          await f.rails.scheduler.advance(3_000);
          await reconcile();
          await expectSettledAsTheRailSays(direction, owner, reference);
          if (!dying.crashed()) break;
        }
        expect(crashAt).toBeGreaterThan(5);
      },
    );

    it.each(['withdrawal', 'top-up'] as const)(
      'ends a %s as the rail did, whichever store call the process handling the callback died after',
      async (direction) => {
        let crashAt = 1;
        for (; ; crashAt += 1) {
          const owner = await f.person(20_000);
          const { reference, started } = startOn(f.app, direction, owner, crashAt);
          expect(await started).toMatchObject({ ok: true });
          const dying = dyingProcess(f.t.store, f.store, crashAt);
          // Connects the rail's callback to the dying process.
          f.processOn(f.rails, f.notifier, { ledgerStore: dying.ledgerStore, paymentsStore: dying.paymentsStore });
          await f.rails.scheduler.advance(3_000);
          later(MINUTE);
          await reconcile();
          await expectSettledAsTheRailSays(direction, owner, reference);
          if (!dying.crashed()) break;
        }
        expect(crashAt).toBeGreaterThan(3);
      },
    );

    it('finishes a top-up whose process died between the hold and the rail call: released, and told', async () => {
      const owner = await f.person();
      const id = randomUUID();
      const reference = `topup:${id}`;
      const dying = f.processOn(f.rails, f.notifier, {
        paymentsStore: new Proxy(f.store, {
          get(target, property, receiver) {
            if (property === 'decideDispatch') return () => Promise.reject(new Error('process died'));
            return Reflect.get(target, property, receiver);
          },
        }),
      });
      await expect(dying.topUps.start({ id, owner, rail: 'mtn_momo', payer: owner, amount: 2_000 })).rejects.toThrow(
        'process died',
      );
      expect((await f.balance(owner)).incoming).toBe(2_000);

      f.app.connect();
      expect(await reconcile()).toMatchObject({ stillPending: 1 }); // too young to call abandoned
      later(2 * MINUTE);
      await reconcile();

      expect((await f.t.ledger.getTransfer(reference))?.state).toBe('voided');
      expect((await f.balance(owner)).incoming).toBe(0);
      expect(f.notifier.about(reference).map((d) => d.notice.key)).toEqual(['money.topUpFailed']);
      expect(await f.app.payments.lookup(reference, owner)).toMatchObject({ status: 'failed', reason: 'NOT_SENT' });
      // A late retry of the dead process's call never asks the rail for released money.
      expect(await f.app.topUps.start({ id, owner, rail: 'mtn_momo', payer: owner, amount: 2_000 })).toEqual({
        ok: false,
        reason: 'FAILED',
      });
      expect(f.rails.mtn_momo.allPayments()).toEqual([]);
    });

    it('settles a withdrawal whose rail call timed out: by the callback if the rail got it, else asked again and paid once', async () => {
      const owner = await f.person(50_000);
      const timingOut = (forward: boolean): PaymentRail => ({
        requestPayment: () => Promise.reject(new Error('timeout')),
        payout: async (request) => {
          if (forward) await f.rails.mtn_momo.payout(request);
          throw new Error('timeout');
        },
        status: (direction, reference) => f.rails.mtn_momo.status(direction, reference),
      });
      const reached = f.processOn(f.rails, f.notifier, { rails: { mtn_momo: timingOut(true) } });
      const lost = f.processOn(f.rails, f.notifier, { rails: { mtn_momo: timingOut(false) } });
      f.app.connect();
      const [a, b] = [randomUUID(), randomUUID()];

      expect(
        await reached.withdrawals.start({ id: a, owner, rail: 'mtn_momo', payee: owner, amount: 10_000 }),
      ).toMatchObject({ ok: true });
      expect(
        await lost.withdrawals.start({ id: b, owner, rail: 'mtn_momo', payee: owner, amount: 10_000 }),
      ).toMatchObject({
        ok: true,
      });
      await f.rails.scheduler.advance(3_000);
      expect((await f.t.ledger.getTransfer(`withdraw:${a}`))?.state).toBe('posted');

      // The rail never heard of b: left alone while our request might still arrive, then asked again under the
      // same reference (never voided: the sender might only be stalled), and paid once.
      later(MINUTE);
      await reconcile();
      expect((await f.t.ledger.getTransfer(`withdraw:${b}`))?.state).toBe('held');
      expect(f.rails.mtn_momo.payment(`withdraw:${b}`)).toBeUndefined();
      later(2 * MINUTE);
      await reconcile();
      expect((await f.t.ledger.getTransfer(`withdraw:${b}`))?.state).toBe('held');
      expect(f.rails.mtn_momo.payment(`withdraw:${b}`)).toBeDefined();
      await f.rails.scheduler.advance(3_000);
      await reconcile();
      expect((await f.t.ledger.getTransfer(`withdraw:${b}`))?.state).toBe('posted');
      expect(await f.balance(owner)).toMatchObject({ available: 29_600, held: 0 });
      expect(f.rails.mtn_momo.allPayments().filter((p) => p.reference.startsWith('withdraw:'))).toHaveLength(2);
      expect(f.notifier.about(`withdraw:${a}`).map((d) => d.notice.key)).toEqual(['money.withdrawalSucceeded']);
      expect(f.notifier.about(`withdraw:${b}`).map((d) => d.notice.key)).toEqual(['money.withdrawalSucceeded']);
    });

    it('finishes a top-up whose process died between the rail success and the post', async () => {
      const owner = await f.person();
      class DiesBeforePosting extends Ledger {
        override post(): never {
          throw new Error('process died');
        }
      }
      const dying = f.processOn(f.rails, f.notifier, { ledger: new DiesBeforePosting({ store: f.t.store, clock }) });
      const id = randomUUID();
      await dying.topUps.start({ id, owner, rail: 'mtn_momo', payer: owner, amount: 7_000 });
      await f.rails.scheduler.advance(3_000); // the callback reached the dying process
      expect(f.rails.mtn_momo.payment(`topup:${id}`)?.status).toEqual({ outcome: 'succeeded' });
      expect((await f.balance(owner)).incoming).toBe(7_000);
      expect(f.notifier.calls).toEqual([]);

      await reconcile();
      expect(await f.balance(owner)).toMatchObject({ available: 7_000, incoming: 0 });
      expect(f.notifier.about(`topup:${id}`).map((d) => d.notice.key)).toEqual(['money.topUpSucceeded']);
    });
  });
});
