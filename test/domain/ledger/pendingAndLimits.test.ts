import { randomUUID } from 'node:crypto';
import { accountIds } from '../../../domain/ledger/accounts';
import { KYC_LIMITS } from '../../../domain/ledger/kyc';
import { expectConsistent, useLedger } from '../../support/ledger';

/** A clock the test moves by hand, shared by the ledger and the checks. */
let now = new Date('2026-11-29T10:00:00Z');
const clock = () => now;
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);

describe('pending transfers and KYC limits', () => {
  const t = useLedger({ clock });
  afterEach(() => expectConsistent(t.store));
  beforeEach(() => {
    now = new Date('2026-11-29T10:00:00Z');
  });

  const withdraw = (debit: ReturnType<typeof accountIds.wallet>, amount: number, expiresInMinutes = 15) => ({
    id: randomUUID(),
    kind: 'withdraw' as const,
    debit,
    credits: [{ account: accountIds.clearing('mtn_momo'), amount }],
    mode: 'pending' as const,
    expiresAt: minutes(expiresInMinutes),
    rail: 'mtn_momo' as const,
  });

  it('holds a withdrawal, then posts it once', async () => {
    const wallet = await t.wallet(10_000);
    const request = withdraw(wallet, 4_000);
    expect(await t.ledger.transfer(request)).toMatchObject({ ok: true, transfer: { state: 'held' } });
    expect(await t.ledger.balance(wallet)).toMatchObject({ available: 6_000, held: 4_000 });
    expect(await t.ledger.post(request.id)).toMatchObject({ ok: true, transfer: { state: 'posted' } });
    expect(await t.ledger.post(request.id)).toMatchObject({ ok: true, transfer: { state: 'posted' } });
    expect(await t.ledger.void(request.id)).toMatchObject({ ok: false, reason: 'ALREADY_RESOLVED' });
    expect(await t.ledger.balance(wallet)).toMatchObject({ available: 6_000, held: 0 });
  });

  it('releases the hold when voided', async () => {
    const wallet = await t.wallet(10_000);
    const request = withdraw(wallet, 4_000);
    await t.ledger.transfer(request);
    expect(await t.ledger.void(request.id)).toMatchObject({ ok: true, transfer: { state: 'voided' } });
    expect(await t.ledger.balance(wallet)).toMatchObject({ available: 10_000, held: 0 });
    expect(await t.ledger.post(request.id)).toMatchObject({ ok: false, reason: 'ALREADY_RESOLVED' });
  });

  it('never posts a hold without a rail after expiry: the late post releases the hold instead', async () => {
    const wallet = await t.wallet(10_000);
    // A rail's hold is never released by the clock (holdExpiry.test.ts); this one releases on expiry.
    const { rail: _rail, ...request } = withdraw(wallet, 4_000, 15);
    await t.ledger.transfer(request);
    now = minutes(16);
    expect(await t.ledger.post(request.id)).toMatchObject({ ok: false, reason: 'EXPIRED' });
    expect(await t.ledger.balance(wallet)).toMatchObject({ available: 10_000, held: 0 });
    expect(await t.ledger.post(request.id)).toMatchObject({ ok: false, reason: 'ALREADY_RESOLVED' });
  });

  it('refuses posting or voiding a single transfer, and unknown ids', async () => {
    const [alice, bob] = [await t.wallet(1_000), await t.wallet()];
    const id = randomUUID();
    await t.ledger.transfer({ id, kind: 'p2p', debit: alice, credits: [{ account: bob, amount: 10 }], mode: 'single' });
    expect(await t.ledger.post(id)).toMatchObject({ ok: false, reason: 'NOT_PENDING' });
    expect(await t.ledger.void('no-such-transfer')).toEqual({ ok: false, reason: 'NOT_FOUND' });
    const expiredAlready = { ...withdraw(alice, 100), expiresAt: minutes(-1) };
    expect(await t.ledger.transfer(expiredAlready)).toEqual({ ok: false, reason: 'INVALID_EXPIRY' });
  });

  it('refuses beyond the tier per transaction, per day and per month', async () => {
    const basic = KYC_LIMITS.basic;
    const wallet = await t.wallet(0, 'basic');
    await t.fund(wallet, basic.maxBalance);
    const bob = await t.wallet();
    const pay = (amount: number) =>
      t.ledger.transfer({
        id: randomUUID(),
        kind: 'p2p',
        debit: wallet,
        credits: [{ account: bob, amount }],
        mode: 'single',
      });

    expect(await pay(basic.perTransaction + 1)).toMatchObject({ ok: false, reason: 'LIMIT_PER_TRANSACTION' });
    expect(await pay(basic.perTransaction)).toMatchObject({ ok: true });
    expect(await pay(basic.perTransaction)).toMatchObject({ ok: true });
    expect(await pay(1)).toMatchObject({ ok: false, reason: 'LIMIT_DAILY' });
    // The next day in Douala (UTC+1) the daily volume starts again.
    now = new Date('2026-11-29T23:30:00Z');
    expect(await pay(1_000)).toMatchObject({ ok: true });
    expect(await t.ledger.balance(wallet)).toMatchObject({
      available: basic.maxBalance - 2 * basic.perTransaction - 1_000,
    });
  });

  it('gives a voided withdrawal back to the daily volume', async () => {
    const wallet = await t.wallet(0, 'basic');
    await t.fund(wallet, KYC_LIMITS.basic.perDay + 10_000);
    const first = withdraw(wallet, KYC_LIMITS.basic.perTransaction);
    await t.ledger.transfer(first);
    await t.ledger.transfer(withdraw(wallet, KYC_LIMITS.basic.perTransaction));
    expect(await t.ledger.transfer(withdraw(wallet, 1))).toMatchObject({ ok: false, reason: 'LIMIT_DAILY' });
    await t.ledger.void(first.id);
    expect(await t.ledger.transfer(withdraw(wallet, 1))).toMatchObject({ ok: true });
  });

  it('gives the whole payment back when the recipient would exceed its maximum balance', async () => {
    const payer = await t.wallet(100_000);
    const recipient = await t.wallet(KYC_LIMITS.basic.maxBalance - 1_000, 'basic');
    const result = await t.ledger.transfer({
      id: randomUUID(),
      kind: 'p2p',
      debit: payer,
      credits: [
        { account: recipient, amount: 5_000 },
        { account: accountIds.fees, amount: 50 },
      ],
      mode: 'single',
    });
    expect(result).toMatchObject({ ok: false, reason: 'RECIPIENT_LIMIT_BALANCE' });
    expect(await t.ledger.balance(payer)).toMatchObject({ available: 100_000 });
    expect(await t.ledger.balance(recipient)).toMatchObject({ available: KYC_LIMITS.basic.maxBalance - 1_000 });
  });

  it('counts a pending top-up against the maximum balance', async () => {
    const wallet = await t.wallet(0, 'basic');
    const topUp = (amount: number) => ({
      id: randomUUID(),
      kind: 'topup' as const,
      debit: accountIds.clearing('orange_money'),
      credits: [{ account: wallet, amount }],
      mode: 'pending' as const,
      expiresAt: minutes(10),
      rail: 'orange_money' as const,
    });
    const first = topUp(KYC_LIMITS.basic.maxBalance - 10_000);
    expect(await t.ledger.transfer(first)).toMatchObject({ ok: true, transfer: { state: 'held' } });
    expect(await t.ledger.balance(wallet)).toMatchObject({
      available: 0,
      incoming: KYC_LIMITS.basic.maxBalance - 10_000,
    });
    expect(await t.ledger.transfer(topUp(20_000))).toMatchObject({ ok: false, reason: 'RECIPIENT_LIMIT_BALANCE' });
    expect(await t.ledger.post(first.id)).toMatchObject({ ok: true });
    expect(await t.ledger.balance(wallet)).toMatchObject({
      available: KYC_LIMITS.basic.maxBalance - 10_000,
      incoming: 0,
    });
  });
});
