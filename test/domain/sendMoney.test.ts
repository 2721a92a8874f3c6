import { randomUUID } from 'node:crypto';
import { Claims } from '../../domain/claims';
import { accountIds } from '../../domain/ledger/accounts';
import type { KycTier } from '../../domain/ledger/kyc';
import { recoverOnce } from '../../domain/ledger/recovery';
import type { Msisdn } from '../../domain/phone';
import { SendMoney } from '../../domain/sendMoney';
import { deriveShortReference } from '../../domain/shortReference';
import { ShortReferences } from '../../domain/shortReferences';
import { ensureClaimIndexes, MongoClaimStore } from '../../integrations/mongo/claimStore';
import { MongoShortReferenceStore } from '../../integrations/mongo/shortReferenceStore';
import { expectConsistent, useLedger } from '../support/ledger';
import { FakeDirectory, RecordingNotifier, someMsisdn } from './paymentFakes';

let now = new Date('2026-11-29T10:00:00Z');
const clock = () => now;
const days = (n: number) => new Date(now.getTime() + n * 86_400_000);

describe('sending money', () => {
  const t = useLedger({ clock });
  let users: FakeDirectory;
  let notifier: RecordingNotifier;
  let claims: Claims;
  let service: SendMoney;

  beforeAll(async () => {
    await ensureClaimIndexes(t.db.connection);
  });
  beforeEach(() => {
    now = new Date('2026-11-29T10:00:00Z');
    users = new FakeDirectory();
    notifier = new RecordingNotifier();
    claims = new Claims({ ledger: t.ledger, store: new MongoClaimStore(t.db.connection), users, notifier, clock });
    const shortReferences = new ShortReferences(new MongoShortReferenceStore(t.db.connection), clock);
    service = new SendMoney({ ledger: t.ledger, claims, users, notifier, shortReferences, clock });
  });
  afterEach(() => expectConsistent(t.store));

  /** Someone who signed up: a profile and a funded wallet. */
  async function person(name: string, balance = 0, kycTier: KycTier = 'full'): Promise<Msisdn> {
    const msisdn = someMsisdn();
    users.signUp(msisdn, name);
    await t.ledger.openAccount(accountIds.wallet(msisdn), 'wallet', { ownerId: msisdn, kycTier });
    if (balance > 0) await t.fund(accountIds.wallet(msisdn), balance);
    return msisdn;
  }
  const available = async (m: Msisdn) => (await t.ledger.balance(accountIds.wallet(m))).available;
  const claimState = async (id: string) => (await new MongoClaimStore(t.db.connection).get(id))?.state;
  const fees = async () => (await t.ledger.balance(accountIds.fees)).counters.creditsPosted;

  it('quotes a send with its fee, the balance after and the recipient name, and refuses what cannot be sent', async () => {
    const alice = await person('Alice', 20_000);
    const bob = await person('Bob');
    const stranger = someMsisdn();
    expect(await service.quote(alice, bob, 10_000)).toEqual({
      ok: true,
      amount: 10_000,
      fee: 50,
      total: 10_050,
      balanceAfter: 9_950,
      recipientName: 'Bob',
      recipientRegistered: true,
    });
    expect(await service.quote(alice, stranger, 1_000)).toMatchObject({
      ok: true,
      fee: 0,
      recipientName: null,
      recipientRegistered: false,
    });
    expect(await service.quote(alice, alice, 1_000)).toEqual({ ok: false, reason: 'SAME_ACCOUNT' });
    expect(await service.quote(alice, bob, 30_000)).toEqual({ ok: false, reason: 'INSUFFICIENT_FUNDS' });
    expect(await service.quote(alice, bob, 0)).toEqual({ ok: false, reason: 'INVALID_AMOUNT' });
    expect(await service.quote(alice, bob, 10.5)).toEqual({ ok: false, reason: 'INVALID_AMOUNT' });
    const small = await person('Carol', 60_000, 'basic');
    expect(await service.quote(small, bob, 55_000)).toEqual({ ok: false, reason: 'LIMIT_PER_TRANSACTION' });
    expect(await service.quote(stranger, bob, 1_000)).toEqual({ ok: false, reason: 'SENDER_NOT_REGISTERED' });
  });

  it('sends to a registered person in one transfer: amount to them, fee to the system, one notice', async () => {
    const alice = await person('Alice', 20_000);
    const bob = await person('Bob');
    const feesBefore = await fees();
    const id = randomUUID();

    const result = await service.send({ id, sender: alice, recipient: bob, amount: 10_000 });

    expect(result).toEqual({
      ok: true,
      receipt: {
        reference: `p2p:${id}`,
        shortReference: deriveShortReference(`p2p:${id}`),
        amount: 10_000,
        fee: 50,
        total: 10_050,
        recipient: { msisdn: bob, name: 'Bob' },
        balanceAfter: 9_950,
        status: 'delivered',
        claimableUntil: null,
      },
    });
    expect(await available(alice)).toBe(9_950);
    expect(await available(bob)).toBe(10_000);
    expect((await fees()) - feesBefore).toBe(50);
    expect(await t.ledger.getTransfer(`p2p:${id}`)).toMatchObject({
      kind: 'p2p',
      mode: 'single',
      state: 'posted',
      shortReference: deriveShortReference(`p2p:${id}`),
    });
    expect(notifier.delivered).toHaveLength(1);
    expect(notifier.delivered[0]).toMatchObject({
      to: bob,
      notice: {
        key: 'payments.received',
        // The receipt's short reference, also recorded on the transfer for both history lines.
        params: { amount: { francs: 10_000 }, sender: 'Alice', reference: deriveShortReference(`p2p:${id}`) },
      },
    });
  });

  it('moves money once when the same send is submitted 20 times at once', async () => {
    const alice = await person('Alice', 50_000);
    const bob = await person('Bob');
    const id = randomUUID();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => service.send({ id, sender: alice, recipient: bob, amount: 7_000 })),
    );
    expect(results.every((r) => r.ok && r.receipt.reference === `p2p:${id}`)).toBe(true);
    expect(await available(alice)).toBe(50_000 - 7_050);
    expect(await available(bob)).toBe(7_000);
    expect(notifier.to(bob, 'payments.received')).toHaveLength(1);
  });

  it('never overdraws one wallet with 200 concurrent sends worth four times its balance', async () => {
    const alice = await person('Alice', 100_000);
    const bob = await person('Bob');
    const results = await Promise.all(
      Array.from({ length: 200 }, () =>
        service.send({ id: randomUUID(), sender: alice, recipient: bob, amount: 2_000 }),
      ),
    );
    const sent = results.filter((r) => r.ok).length;
    const refused = results.filter((r) => !r.ok);
    expect(sent).toBe(50);
    expect(refused.every((r) => !r.ok && r.reason === 'INSUFFICIENT_FUNDS')).toBe(true);
    expect(await available(alice)).toBe(0);
    expect(await available(bob)).toBe(100_000);
    expect(notifier.to(bob, 'payments.received')).toHaveLength(50);
  }, 180_000);

  it('holds money for a number without an account, and gives it to them when they sign up', async () => {
    const alice = await person('Alice', 20_000);
    const newcomer = someMsisdn();
    const id = randomUUID();

    const result = await service.send({ id, sender: alice, recipient: newcomer, amount: 10_000 });

    expect(result).toMatchObject({
      ok: true,
      receipt: { reference: `p2p:${id}`, fee: 50, total: 10_050, balanceAfter: 9_950, status: 'held' },
    });
    expect(result.ok && result.receipt.claimableUntil).toEqual(days(7));
    expect(await t.ledger.balance(accountIds.wallet(newcomer))).toMatchObject({ available: 0, incoming: 10_000 });
    expect(await t.ledger.getTransfer(`p2p:${id}`)).toMatchObject({
      mode: 'pending',
      state: 'held',
      expiresAt: days(7),
    });
    expect(notifier.to(newcomer)).toEqual([
      expect.objectContaining({
        notice: expect.objectContaining({ key: 'payments.moneyWaiting' }),
        dedupeKey: `claim-waiting:p2p:${id}`,
      }),
    ]);

    now = days(2);
    users.signUp(newcomer, 'Nina');
    expect(await claims.claimAll(newcomer)).toEqual({
      claimed: [{ reference: `p2p:${id}`, amount: 10_000, sender: alice }],
      total: 10_000,
    });
    expect(await available(newcomer)).toBe(10_000);
    expect(await available(alice)).toBe(9_950);
    expect(notifier.to(alice, 'payments.claimed')).toEqual([
      expect.objectContaining({
        notice: expect.objectContaining({ params: expect.objectContaining({ recipient: 'Nina' }) }),
      }),
    ]);

    // Signing up again, or the worker passing by, changes nothing and tells nobody twice.
    expect(await claims.claimAll(newcomer)).toEqual({ claimed: [], total: 0 });
    await claims.sweepOnce();
    expect(notifier.to(alice)).toHaveLength(1);
    expect(await available(newcomer)).toBe(10_000);
  });

  it('holds once when a send to a number without an account is submitted 20 times at once', async () => {
    const alice = await person('Alice', 20_000);
    const newcomer = someMsisdn();
    const id = randomUUID();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => service.send({ id, sender: alice, recipient: newcomer, amount: 3_000 })),
    );
    expect(results.every((r) => r.ok && r.receipt.status === 'held')).toBe(true);
    expect(await t.ledger.balance(accountIds.wallet(alice))).toMatchObject({ available: 17_000, held: 3_000 });
    expect(notifier.to(newcomer)).toHaveLength(1);
  });

  it('gives the money back to the sender when nobody claims it in time, and says so once', async () => {
    const alice = await person('Alice', 20_000);
    const newcomer = someMsisdn();
    const id = randomUUID();
    await service.send({ id, sender: alice, recipient: newcomer, amount: 10_000 });
    expect(await available(alice)).toBe(9_950);

    now = days(6);
    await claims.sweepOnce();
    expect(await available(alice)).toBe(9_950);
    now = days(1.5); // 7.5 days after the send
    const worker = claims.startExpiryWorker({ intervalMs: 60_000 });
    await worker.runNow();
    await worker.stop();
    expect(await claimState(`p2p:${id}`)).toBe('returned');
    expect(await available(alice)).toBe(20_000);
    expect(await t.ledger.getTransfer(`p2p:${id}`)).toMatchObject({ state: 'expired' });
    expect(notifier.to(alice, 'payments.claimReturned')).toEqual([
      expect.objectContaining({
        notice: { key: 'payments.claimReturned', params: expect.objectContaining({ total: { francs: 10_050 } }) },
      }),
    ]);

    // Signing up late claims nothing; the money stays with the sender.
    users.signUp(newcomer, 'Nina');
    expect(await claims.claimAll(newcomer)).toEqual({ claimed: [], total: 0 });
    await claims.sweepOnce();
    expect(await available(newcomer)).toBe(0);
    expect(notifier.to(alice)).toHaveLength(1);
  });

  it('tells the sender once when the ledger recovery worker voided the expired hold first', async () => {
    const alice = await person('Alice', 20_000);
    const newcomer = someMsisdn();
    await service.send({ id: randomUUID(), sender: alice, recipient: newcomer, amount: 4_000 });
    now = days(8);
    await recoverOnce(t.ledger, { graceMs: 0, maxUndecidedAgeMs: 60_000 }, now);
    expect(await available(alice)).toBe(20_000);

    // Signing up after expiry: the ledger refuses the post (EXPIRED), claimAll claims nothing and says it came back.
    users.signUp(newcomer, 'Nina');
    expect(await claims.claimAll(newcomer)).toEqual({ claimed: [], total: 0 });
    await claims.sweepOnce();
    expect(notifier.to(alice, 'payments.claimReturned')).toHaveLength(1);
    expect(notifier.to(alice)).toHaveLength(1);
  });

  it('refuses a send the ledger refuses and holds nothing', async () => {
    const alice = await person('Alice', 1_000);
    const newcomer = someMsisdn();
    const id = randomUUID();
    expect(await service.send({ id, sender: alice, recipient: newcomer, amount: 5_000 })).toEqual({
      ok: false,
      reason: 'INSUFFICIENT_FUNDS',
    });
    expect(await t.ledger.balance(accountIds.wallet(alice))).toMatchObject({ available: 1_000, held: 0 });
    expect(notifier.delivered).toEqual([]);
    await claims.sweepOnce();
    expect(await claimState(`p2p:${id}`)).toBe('failed');
  });
});
