import { randomUUID } from 'node:crypto';
import { accountIds } from '../../../domain/ledger/accounts';
import type { Msisdn } from '../../../domain/phone';
import { PaymentRequests } from '../../../domain/paymentRequests/paymentRequests';
import { ensurePaymentRequestIndexes, MongoPaymentRequestStore } from '../../../integrations/mongo/paymentRequestStore';
import { expectConsistent, useLedger } from '../../support/ledger';
import { FakeDirectory, RecordingNotifier, someMsisdn } from '../paymentFakes';
import { deriveShortReference } from '../../../domain/shortReference';
import { ShortReferences } from '../../../domain/shortReferences';
import { MongoShortReferenceStore } from '../../../integrations/mongo/shortReferenceStore';

let now = new Date('2026-11-29T10:00:00Z');
const clock = () => now;
const days = (n: number) => new Date(now.getTime() + n * 86_400_000);

describe('payment requests', () => {
  const t = useLedger({ clock });
  let users: FakeDirectory;
  let notifier: RecordingNotifier;
  let requests: PaymentRequests;

  beforeAll(async () => {
    await ensurePaymentRequestIndexes(t.db.connection);
  });
  beforeEach(() => {
    now = new Date('2026-11-29T10:00:00Z');
    users = new FakeDirectory();
    notifier = new RecordingNotifier();
    requests = new PaymentRequests({
      ledger: t.ledger,
      store: new MongoPaymentRequestStore(t.db.connection),
      users,
      notifier,
      shortReferences: new ShortReferences(new MongoShortReferenceStore(t.db.connection), clock),
      clock,
    });
  });
  afterEach(() => expectConsistent(t.store));

  async function person(name: string, balance = 0): Promise<Msisdn> {
    const msisdn = someMsisdn();
    users.signUp(msisdn, name);
    await t.ledger.openAccount(accountIds.wallet(msisdn), 'wallet', { ownerId: msisdn, kycTier: 'full' });
    if (balance > 0) await t.fund(accountIds.wallet(msisdn), balance);
    return msisdn;
  }
  const available = async (m: Msisdn) => (await t.ledger.balance(accountIds.wallet(m))).available;

  /** Alice asks Bob for `amount`. */
  async function ask(requester: Msisdn, payer: Msisdn, amount = 10_000, reason = 'Loyer novembre') {
    const created = await requests.create({
      id: randomUUID(),
      requester: { kind: 'wallet', msisdn: requester },
      payer,
      amount,
      reason,
    });
    if (!created.ok) throw new Error(`request refused: ${created.reason}`);
    return created.request;
  }

  it('creates a request, moves nothing, and tells the payer how to pay', async () => {
    const alice = await person('Alice');
    const bob = await person('Bob', 50_000);
    const request = await ask(alice, bob);
    expect(request).toMatchObject({
      amount: 10_000,
      reason: 'Loyer novembre',
      expiresAt: days(3),
      state: 'open',
      // Reserved under the prefix of the transfers that will pay it.
      shortReference: deriveShortReference(`preq:${request._id}`),
    });
    expect(await available(bob)).toBe(50_000);
    expect(notifier.to(bob)).toEqual([
      expect.objectContaining({
        notice: {
          key: 'payments.requestReceived',
          params: expect.objectContaining({
            requester: 'Alice',
            amount: { francs: 10_000 },
            reference: request.shortReference,
          }),
        },
      }),
    ]);
    expect(await requests.openFor(bob)).toEqual([
      expect.objectContaining({ id: request._id, shortReference: request.shortReference, status: 'open' }),
    ]);
    expect(await requests.madeBy(accountIds.wallet(alice))).toEqual([
      expect.objectContaining({ id: request._id, status: 'open' }),
    ]);
  });

  it('refuses bad requests', async () => {
    const alice = await person('Alice');
    const bob = someMsisdn();
    const base = { id: randomUUID(), requester: { kind: 'wallet' as const, msisdn: alice }, payer: bob, amount: 1_000 };
    expect(await requests.create({ ...base, amount: 0 })).toEqual({ ok: false, reason: 'INVALID_AMOUNT' });
    expect(await requests.create({ ...base, reason: 'x'.repeat(61) })).toEqual({
      ok: false,
      reason: 'REASON_TOO_LONG',
    });
    expect(await requests.create({ ...base, payer: alice })).toEqual({ ok: false, reason: 'SAME_ACCOUNT' });
    expect(await requests.create({ ...base, requester: { kind: 'wallet', msisdn: someMsisdn() } })).toEqual({
      ok: false,
      reason: 'REQUESTER_NOT_REGISTERED',
    });
    expect(await requests.create(base)).toMatchObject({ ok: true });
    expect(await requests.create(base)).toMatchObject({ ok: true });
    expect(await requests.create({ ...base, amount: 2_000 })).toEqual({ ok: false, reason: 'CONFLICT' });
  });

  it('is paid with the fee on top: the requester gets the amount and is told once', async () => {
    const alice = await person('Alice');
    const bob = await person('Bob', 50_000);
    const request = await ask(alice, bob);
    const payId = randomUUID();
    const paid = await requests.pay({ id: payId, requestId: request._id, payer: bob });
    expect(paid).toEqual({
      ok: true,
      receipt: {
        reference: `preq:${request._id}:1`,
        shortReference: request.shortReference,
        requestId: request._id,
        amount: 10_000,
        fee: 50,
        total: 10_050,
        balanceAfter: 39_950,
      },
    });
    expect(await requests.pay({ id: payId, requestId: request._id, payer: bob })).toEqual(paid);
    expect(await available(alice)).toBe(10_000);
    expect(await available(bob)).toBe(39_950);
    // The requester's notice and the paying transfer quote the request's short reference.
    expect(notifier.to(alice, 'payments.requestPaid').map((d) => d.notice.params?.reference)).toEqual([
      request.shortReference,
    ]);
    expect(await t.ledger.getTransfer(`preq:${request._id}:1`)).toMatchObject({
      shortReference: request.shortReference,
    });
    expect(await requests.openFor(bob)).toEqual([]);
    expect(await requests.get(request._id)).toMatchObject({ status: 'paid' });
    expect(await requests.decline({ requestId: request._id, payer: bob })).toEqual({
      ok: false,
      reason: 'ALREADY_PAID',
    });
  });

  it('is paid once when paid 20 times at once', async () => {
    const alice = await person('Alice');
    const bob = await person('Bob', 500_000);
    const request = await ask(alice, bob, 20_000);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => requests.pay({ id: randomUUID(), requestId: request._id, payer: bob })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.reason === 'ALREADY_PAID')).toBe(true);
    expect(await available(alice)).toBe(20_000);
    expect(await available(bob)).toBe(500_000 - 20_050);
    expect(notifier.to(alice, 'payments.requestPaid')).toHaveLength(1);

    // The same attempt id 20 times at once: one payment, the same receipt for every copy.
    const second = await ask(alice, bob, 5_000);
    const payId = randomUUID();
    const copies = await Promise.all(
      Array.from({ length: 20 }, () => requests.pay({ id: payId, requestId: second._id, payer: bob })),
    );
    expect(copies.every((r) => r.ok && r.receipt.reference === `preq:${second._id}:1`)).toBe(true);
    expect(await available(alice)).toBe(25_000);
  });

  it('has one winner when pay and cancel race, and money agrees with the winner', async () => {
    const alice = await person('Alice');
    const bob = await person('Bob', 500_000);
    let paidTotal = 0;
    for (let round = 0; round < 8; round += 1) {
      const request = await ask(alice, bob, 1_000);
      const [paid, cancelled] = await Promise.all([
        requests.pay({ id: randomUUID(), requestId: request._id, payer: bob }),
        requests.cancel({ requestId: request._id, requester: accountIds.wallet(alice) }),
      ]);
      expect([paid.ok, cancelled.ok].filter(Boolean)).toHaveLength(1);
      const status = (await requests.get(request._id))?.status;
      if (paid.ok) {
        paidTotal += 1_000;
        expect(cancelled).toEqual({ ok: false, reason: 'ALREADY_PAID' });
        expect(status).toBe('paid');
      } else {
        expect(paid).toEqual({ ok: false, reason: 'CANCELLED' });
        expect(status).toBe('cancelled');
        expect(
          notifier
            .to(bob, 'payments.requestCancelled')
            .some((d) => d.notice.params?.reference === request.shortReference),
        ).toBe(true);
      }
      expect(await available(alice)).toBe(paidTotal);
    }
  });

  it('can be paid after a failed attempt once the payer has topped up', async () => {
    const alice = await person('Alice');
    const bob = await person('Bob', 3_000);
    const request = await ask(alice, bob, 8_000);
    const firstTry = randomUUID();
    expect(await requests.pay({ id: firstTry, requestId: request._id, payer: bob })).toEqual({
      ok: false,
      reason: 'INSUFFICIENT_FUNDS',
    });
    // The same attempt again gets the same answer; it does not try again behind the caller's back.
    expect(await requests.pay({ id: firstTry, requestId: request._id, payer: bob })).toEqual({
      ok: false,
      reason: 'INSUFFICIENT_FUNDS',
    });
    expect(await requests.openFor(bob)).toEqual([expect.objectContaining({ id: request._id, status: 'open' })]);

    await t.fund(accountIds.wallet(bob), 10_000);
    const secondTry = await requests.pay({ id: randomUUID(), requestId: request._id, payer: bob });
    expect(secondTry).toMatchObject({ ok: true, receipt: { reference: `preq:${request._id}:3`, total: 8_050 } });
    expect(await available(alice)).toBe(8_000);
    expect(await available(bob)).toBe(13_000 - 8_050);
  });

  it('can be declined by the payer; the requester is told once, and nobody can pay it after', async () => {
    const alice = await person('Alice');
    const bob = await person('Bob', 50_000);
    const request = await ask(alice, bob);
    expect(await requests.decline({ requestId: request._id, payer: bob })).toEqual({ ok: true });
    expect(await requests.decline({ requestId: request._id, payer: bob })).toEqual({ ok: true });
    expect(await requests.pay({ id: randomUUID(), requestId: request._id, payer: bob })).toEqual({
      ok: false,
      reason: 'DECLINED',
    });
    expect(await requests.cancel({ requestId: request._id, requester: accountIds.wallet(alice) })).toEqual({
      ok: false,
      reason: 'DECLINED',
    });
    expect(notifier.to(alice, 'payments.requestDeclined')).toHaveLength(1);
    expect(await available(bob)).toBe(50_000);
  });

  it('expires unpaid after three days: the worker tells the requester once', async () => {
    const alice = await person('Alice');
    const bob = await person('Bob', 50_000);
    const request = await ask(alice, bob);
    now = days(3.1);
    expect(await requests.get(request._id)).toMatchObject({ status: 'expired' });
    await requests.sweepOnce();
    await requests.sweepOnce();
    expect(notifier.to(alice, 'payments.requestExpired')).toHaveLength(1);
    expect(await requests.pay({ id: randomUUID(), requestId: request._id, payer: bob })).toEqual({
      ok: false,
      reason: 'EXPIRED',
    });
    expect(await available(bob)).toBe(50_000);
  });

  it('asks a number without an account to sign up first, and lets them pay once they have', async () => {
    const alice = await person('Alice');
    const newcomer = someMsisdn();
    const request = await ask(alice, newcomer, 2_000);
    expect(notifier.to(newcomer, 'payments.requestToNewcomer')).toHaveLength(1);
    expect(await requests.pay({ id: randomUUID(), requestId: request._id, payer: newcomer })).toEqual({
      ok: false,
      reason: 'PAYER_NOT_REGISTERED',
    });
    users.signUp(newcomer, 'Nina');
    await t.ledger.openAccount(accountIds.wallet(newcomer), 'wallet', { kycTier: 'basic' });
    await t.fund(accountIds.wallet(newcomer), 5_000);
    expect(await requests.pay({ id: randomUUID(), requestId: request._id, payer: newcomer })).toMatchObject({
      ok: true,
      receipt: { fee: 0, total: 2_000 },
    });
    expect(await available(alice)).toBe(2_000);
  });

  it('finishes an attempt a crash left between its step and its transfer, before anyone may cancel', async () => {
    const alice = await person('Alice');
    const bob = await person('Bob', 50_000);
    const request = await ask(alice, bob, 10_000);
    // The payer's process recorded its attempt, then died before asking the ledger.
    await new MongoPaymentRequestStore(t.db.connection).insertStep({
      _id: `${request._id}#1`,
      requestId: request._id,
      seq: 1,
      kind: 'paying',
      payId: 'crashed-attempt',
      transferId: `preq:${request._id}:1`,
      fee: 50,
      reason: null,
      at: now,
    });
    expect(await requests.get(request._id)).toMatchObject({ status: 'paying' });
    expect(await requests.cancel({ requestId: request._id, requester: accountIds.wallet(alice) })).toEqual({
      ok: false,
      reason: 'ALREADY_PAID',
    });
    expect(await available(alice)).toBe(10_000);
    expect(await available(bob)).toBe(39_950);
    await requests.sweepOnce();
    expect(notifier.to(alice, 'payments.requestPaid')).toHaveLength(1);
  });

  it('pays a merchant request into the merchant account', async () => {
    const bob = await person('Bob', 50_000);
    const merchantId = randomUUID();
    await t.ledger.openAccount(accountIds.merchant(merchantId), 'merchant');
    const contact = someMsisdn();
    const created = await requests.create({
      id: randomUUID(),
      requester: { kind: 'merchant', merchantId, name: 'Boutique Mbarga', contact },
      payer: bob,
      amount: 15_000,
      reason: 'Commande 42',
    });
    if (!created.ok) throw new Error(created.reason);
    expect(await requests.pay({ id: randomUUID(), requestId: created.request._id, payer: bob })).toMatchObject({
      ok: true,
    });
    expect((await t.ledger.balance(accountIds.merchant(merchantId))).available).toBe(15_000);
    expect(notifier.to(contact, 'payments.requestPaid')).toHaveLength(1);
  });
});
