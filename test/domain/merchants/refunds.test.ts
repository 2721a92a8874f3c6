/**
 * Merchant refunds on the real database: to the payer's wallet, in full or in parts, never above what was paid,
 * once per caller id, whatever races, crashes or retries; every ledger invariant holds after the file.
 */
import { randomUUID } from 'node:crypto';
import { accountIds } from '../../../domain/ledger/accounts';
import { Ledger } from '../../../domain/ledger/ledger';
import type { LedgerStore } from '../../../domain/ledger/ledgerStore';
import type { RefundStore } from '../../../domain/merchants/refunds/refundStore';
import { PaymentRequests } from '../../../domain/paymentRequests/paymentRequests';
import { ShortReferences } from '../../../domain/shortReferences';
import { MongoMerchantRefundStore } from '../../../integrations/mongo/merchantRefundStore';
import { MongoPaymentRequestStore } from '../../../integrations/mongo/paymentRequestStore';
import { MongoShortReferenceStore } from '../../../integrations/mongo/shortReferenceStore';
import { useLedger } from '../../support/ledger';
import { refundsWorld } from './refundsFixture';

const t = useLedger();
const world = refundsWorld({ ledger: () => t.ledger, connection: () => t.db.connection, uri: t.db.uri });

async function available(account: string): Promise<number> {
  return (await t.ledger.balance(account as Parameters<Ledger['balance']>[0])).available;
}

describe('a refund to the wallet', () => {
  it('gives the whole payment back when no amount is given: merchant debited, payer credited, told once', async () => {
    const paid = await world.paidRequest(10_000);
    const payerBefore = await available(accountIds.wallet(paid.payer));
    const refunds = world.refunds();

    const answer = await refunds.refund({ merchantId: paid.merchant._id, requestId: paid.requestId, id: 'r1' });

    expect(answer).toEqual({
      ok: true,
      refund: expect.objectContaining({
        id: 'r1',
        refundId: `${paid.transferId}#1`,
        amount: 10_000,
        currency: 'XAF',
        destination: 'wallet',
        status: 'processed',
        reason: null,
        paymentTransferId: paid.transferId,
        requestId: paid.requestId,
      }),
    });
    expect(await available(paid.merchant.account)).toBe(0);
    // The payment's fee is not given back: the payer gets what the merchant got.
    expect(await available(accountIds.wallet(paid.payer))).toBe(payerBefore + 10_000);
    const transfer = await t.ledger.getTransfer(`mrefund:${paid.transferId}:1`);
    expect(transfer).toMatchObject({ kind: 'refund', refundOf: paid.transferId, state: 'posted' });
    expect(transfer?.shortReference).toBe(answer.ok && answer.refund.shortReference);
    expect(await refunds.refundable(paid.requestId)).toBe(0);
    expect(world.events.events.map((e) => e.type)).toEqual(['refund.pending', 'refund.processed']);
    expect(world.notifier.to(paid.payer, 'payments.refundedToWallet')).toHaveLength(1);
    expect(await refunds.get(paid.merchant._id, 'r1')).toEqual(answer.ok && answer.refund);
  });

  it('refunds part, then the rest, and nothing after that', async () => {
    const paid = await world.paidRequest(10_000);
    const refunds = world.refunds();
    const ask = (id: string, amount?: number) =>
      refunds.refund({ merchantId: paid.merchant._id, requestId: paid.requestId, id, ...(amount ? { amount } : {}) });

    const part = await ask('part', 3_000);
    expect(part.ok && part.refund).toMatchObject({ amount: 3_000, status: 'processed' });
    expect(await refunds.refundable(paid.requestId)).toBe(7_000);
    const rest = await ask('rest');
    expect(rest.ok && rest.refund).toMatchObject({
      amount: 7_000,
      status: 'processed',
      refundId: `${paid.transferId}#2`,
    });
    expect(await ask('more')).toEqual({ ok: false, reason: 'EXCEEDS_REFUNDABLE' });
    expect(await ask('more', 1)).toEqual({ ok: false, reason: 'EXCEEDS_REFUNDABLE' });
    expect((await refunds.refundsOf(paid.requestId)).map((r) => [r.id, r.amount])).toEqual([
      ['part', 3_000],
      ['rest', 7_000],
    ]);
    expect(await available(paid.merchant.account)).toBe(0);
  });

  it('refuses an amount above what is left, and amounts that are not francs', async () => {
    const paid = await world.paidRequest(5_000);
    const refunds = world.refunds();
    const ask = (amount: number) =>
      refunds.refund({ merchantId: paid.merchant._id, requestId: paid.requestId, id: randomUUID(), amount });
    expect(await ask(5_001)).toEqual({ ok: false, reason: 'EXCEEDS_REFUNDABLE' });
    for (const bad of [0, -5, 1.5, Number.NaN]) expect(await ask(bad)).toEqual({ ok: false, reason: 'INVALID_AMOUNT' });
    expect(await refunds.refundable(paid.requestId)).toBe(5_000);
    expect(await available(paid.merchant.account)).toBe(5_000);
  });

  it('answers the same id with the same refund, and another amount or destination under it with CONFLICT', async () => {
    const paid = await world.paidRequest(8_000);
    const refunds = world.refunds();
    const input = { merchantId: paid.merchant._id, requestId: paid.requestId, id: 'same', amount: 2_000 };
    const first = await refunds.refund(input);
    expect(await refunds.refund(input)).toEqual(first);
    expect(await refunds.refund({ ...input, amount: undefined })).toEqual(first);
    expect(await refunds.refund({ ...input, amount: 2_500 })).toEqual({ ok: false, reason: 'CONFLICT' });
    expect(await refunds.refund({ ...input, destination: 'mobile_money' })).toEqual({ ok: false, reason: 'CONFLICT' });
    expect(await available(paid.merchant.account)).toBe(6_000);
  });

  it('refuses what is not a paid payment of this merchant, a suspended merchant, and an impossible destination', async () => {
    const paid = await world.paidRequest(4_000);
    const refunds = world.refunds();
    const other = await world.merchant();
    const ask = (merchantId: string, requestId: string, more: object = {}) =>
      refunds.refund({ merchantId, requestId, id: randomUUID(), ...more });
    expect(await ask(other._id, paid.requestId)).toEqual({ ok: false, reason: 'PAYMENT_NOT_FOUND' });
    expect(await ask(paid.merchant._id, 'no-such-request')).toEqual({ ok: false, reason: 'PAYMENT_NOT_FOUND' });
    expect(await ask(paid.merchant._id, paid.requestId, { destination: 'mobile_money' })).toEqual({
      ok: false,
      reason: 'DESTINATION_UNAVAILABLE',
    });
    await world.merchants.setStatus(paid.merchant._id, 'suspended');
    expect(await ask(paid.merchant._id, paid.requestId)).toEqual({ ok: false, reason: 'MERCHANT_SUSPENDED' });
    expect(await available(paid.merchant.account)).toBe(4_000);
  });

  it('refuses a request not paid yet', async () => {
    const merchant = await world.merchant();
    const requests = new PaymentRequests({
      ledger: t.ledger,
      store: new MongoPaymentRequestStore(t.db.connection),
      users: world.users,
      notifier: world.notifier,
      shortReferences: new ShortReferences(new MongoShortReferenceStore(t.db.connection)),
    });
    const open = await requests.create({
      id: randomUUID(),
      requester: { kind: 'merchant', merchantId: merchant._id, name: merchant.name, contact: merchant.owner },
      payer: await world.payer(1_000),
      amount: 700,
    });
    if (!open.ok) throw new Error(open.reason);
    const answer = await world.refunds().refund({ merchantId: merchant._id, requestId: open.request._id, id: 'early' });
    expect(answer).toEqual({ ok: false, reason: 'NOT_PAID' });
  });

  it('fails for want of the merchant’s money, frees the amount, and refunds once the money is there', async () => {
    const paid = await world.paidRequest(6_000);
    const refunds = world.refunds();
    // The merchant spent what it collected.
    const spent = await t.ledger.transfer({
      id: randomUUID(),
      kind: 'payout',
      debit: paid.merchant.account,
      credits: [{ account: accountIds.suspense, amount: 6_000 }],
      mode: 'single',
    });
    expect(spent.ok).toBe(true);
    const input = { merchantId: paid.merchant._id, requestId: paid.requestId, id: 'broke' };
    expect(await refunds.refund(input)).toEqual({ ok: false, reason: 'INSUFFICIENT_FUNDS' });
    expect(await refunds.refund(input)).toEqual({ ok: false, reason: 'INSUFFICIENT_FUNDS' });
    expect(await refunds.get(paid.merchant._id, 'broke')).toMatchObject({
      status: 'failed',
      reason: 'INSUFFICIENT_FUNDS',
      processedAt: null,
    });
    expect(world.events.ofType('refund.failed')).toHaveLength(1);
    expect(await refunds.refundable(paid.requestId)).toBe(6_000);

    await t.fund(paid.merchant.account, 6_000);
    const again = await refunds.refund({ ...input, id: 'funded' });
    expect(again.ok && again.refund).toMatchObject({
      amount: 6_000,
      status: 'processed',
      refundId: `${paid.transferId}#2`,
    });
    expect(world.notifier.to(paid.payer, 'payments.refundedToWallet')).toHaveLength(1);
  });

  it("lists a merchant's refunds newest first a page at a time, and those of one request", async () => {
    const merchant = await world.merchant();
    const first = await world.paidRequest(3_000, merchant);
    const second = await world.paidRequest(3_000, merchant);
    const refunds = world.refunds();
    for (const [id, paid] of [
      ['a', first],
      ['b', second],
      ['c', first],
    ] as const) {
      const made = await refunds.refund({ merchantId: merchant._id, requestId: paid.requestId, id, amount: 1_000 });
      expect(made.ok).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const page = await refunds.list(merchant._id, { limit: 2 });
    expect(page.data.map((r) => r.id)).toEqual(['c', 'b']);
    expect(page.hasMore).toBe(true);
    const next = await refunds.list(merchant._id, { limit: 2, startingAfter: 'b' });
    expect(next).toEqual({ data: [expect.objectContaining({ id: 'a' })], hasMore: false });
    const ofFirst = await refunds.list(merchant._id, { limit: 10, requestId: first.requestId });
    expect(ofFirst.data.map((r) => r.id)).toEqual(['c', 'a']);
  });
});

describe('races, retries and crashes', () => {
  it('makes one refund of twenty concurrent calls with one caller id, through two processes', async () => {
    const paid = await world.paidRequest(9_000);
    const processes = [world.refunds(), world.refunds({ connection: await world.anotherConnection() })];
    const input = { merchantId: paid.merchant._id, requestId: paid.requestId, id: 'twenty', amount: 4_000 };
    const answers = await Promise.all(Array.from({ length: 20 }, (_, n) => processes[n % 2]!.refund(input)));
    for (const answer of answers) expect(answer.ok && answer.refund.refundId).toBe(`${paid.transferId}#1`);
    expect(await processes[0]!.refundsOf(paid.requestId)).toHaveLength(1);
    expect(await available(paid.merchant.account)).toBe(5_000);
    expect(world.notifier.to(paid.payer)).toHaveLength(1);
  });

  it('lets one of two concurrent partial refunds win when together they exceed the payment, in every interleaving', async () => {
    const connections = [t.db.connection, await world.anotherConnection(), await world.anotherConnection()];
    for (let round = 0; round < 12; round += 1) {
      const paid = await world.paidRequest(10_000);
      // Each process waits a different random while at each store call: the reads and the slot inserts interleave
      // differently from round to round.
      const processes = connections.map((connection) =>
        world.refunds({ connection, refundStore: jittery(new MongoMerchantRefundStore(connection)) }),
      );
      const amounts = [6_000, 5_000, 7_000];
      const answers = await Promise.all(
        processes.map((refunds, n) =>
          refunds.refund({
            merchantId: paid.merchant._id,
            requestId: paid.requestId,
            id: `r${n}`,
            amount: amounts[n]!,
          }),
        ),
      );
      const won = answers.filter((a) => a.ok);
      expect(won).toHaveLength(1);
      for (const lost of answers.filter((a) => !a.ok))
        expect(lost).toEqual({ ok: false, reason: 'EXCEEDS_REFUNDABLE' });
      const refunded = won.reduce((sum, a) => sum + (a.ok ? a.refund.amount : 0), 0);
      expect(await available(paid.merchant.account)).toBe(10_000 - refunded);
      expect(await processes[0]!.refundable(paid.requestId)).toBe(10_000 - refunded);
    }
  });

  it('finishes once, on a retry, a refund whose process died between the record and the transfer', async () => {
    const paid = await world.paidRequest(7_000);
    const dying = world.refunds({ ledger: new Ledger({ store: failingOnce(t.store, 'insertTransfer') }) });
    const input = { merchantId: paid.merchant._id, requestId: paid.requestId, id: 'crash', amount: 3_000 };
    await expect(dying.refund(input)).rejects.toThrow('store call lost');
    const restarted = world.refunds();
    expect(await restarted.get(paid.merchant._id, 'crash')).toMatchObject({ status: 'pending' });
    // Its amount stays reserved while it is pending.
    expect(await restarted.refundable(paid.requestId)).toBe(4_000);

    const retried = await restarted.refund(input);
    expect(retried.ok && retried.refund).toMatchObject({ status: 'processed', amount: 3_000 });
    expect(await restarted.refund(input)).toEqual(retried);
    expect(await available(paid.merchant.account)).toBe(4_000);
    expect(world.notifier.to(paid.payer)).toHaveLength(1);
  });

  it('finishes from the sweep a refund whose process died before moving the money', async () => {
    const paid = await world.paidRequest(7_000);
    const dying = world.refunds({ ledger: new Ledger({ store: failingOnce(t.store, 'insertTransfer') }) });
    const input = { merchantId: paid.merchant._id, requestId: paid.requestId, id: 'swept' };
    await expect(dying.refund(input)).rejects.toThrow('store call lost');

    const sweeper = world.refunds({ connection: await world.anotherConnection() });
    const report = await sweeper.settle();
    expect(report.errors).toBe(0);
    expect(await sweeper.get(paid.merchant._id, 'swept')).toMatchObject({ status: 'processed', amount: 7_000 });
    expect(await available(paid.merchant.account)).toBe(0);
    expect(world.events.ofType('refund.processed')).toHaveLength(1);
  });

  it('tells an outcome a process died before telling, from the sweep, once', async () => {
    const paid = await world.paidRequest(2_000);
    const events = world.events;
    let lost = false;
    const dying = world.refunds({
      events: {
        record: (input) => {
          if (input.type === 'refund.processed' && !lost) {
            lost = true;
            return Promise.reject(new Error('store call lost'));
          }
          return events.record(input);
        },
      },
    });
    const input = { merchantId: paid.merchant._id, requestId: paid.requestId, id: 'untold' };
    await expect(dying.refund(input)).rejects.toThrow('store call lost');
    // Decided (the outcome row) but not told: the cache still says pending, so the sweep finds it.
    expect(await world.refunds().get(paid.merchant._id, 'untold')).toMatchObject({ status: 'processed' });
    expect(events.ofType('refund.processed')).toHaveLength(0);

    await world.refunds().settle();
    expect(events.ofType('refund.processed').map((e) => e.data.id)).toEqual(['untold']);
    expect(world.notifier.to(paid.payer, 'payments.refundedToWallet')).toHaveLength(1);
    expect(await available(paid.merchant.account)).toBe(0);
  });
});

/** A ledger store whose first call of `method` is lost (throws before reaching the database), as in a crash. */
function failingOnce(inner: LedgerStore, method: keyof LedgerStore): LedgerStore {
  let failed = false;
  return new Proxy(inner, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (property === method && !failed) {
          failed = true;
          return Promise.reject(new Error('store call lost'));
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/** A refund store that waits a random few milliseconds before each call. */
function jittery(inner: RefundStore): RefundStore {
  return new Proxy(inner, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 4)));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
