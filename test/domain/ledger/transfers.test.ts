import { randomUUID } from 'node:crypto';
import { accountIds } from '../../../domain/ledger/accounts';
import { expectConsistent, p2pRequest, useLedger } from '../../support/ledger';

const fees = accountIds.fees;

describe('ledger transfers on the real store', () => {
  const t = useLedger();
  afterEach(() => expectConsistent(t.store));

  it('moves amount and fee from payer to recipient and fees account', async () => {
    const [alice, bob] = [await t.wallet(10_000), await t.wallet()];
    const result = await t.ledger.transfer({
      id: randomUUID(),
      kind: 'p2p',
      debit: alice,
      credits: [
        { account: bob, amount: 6_000 },
        { account: fees, amount: 50 },
      ],
      mode: 'single',
    });
    expect(result).toMatchObject({ ok: true, transfer: { state: 'posted', total: 6_050 } });
    expect(await t.ledger.balance(alice)).toMatchObject({ available: 3_950, held: 0 });
    expect(await t.ledger.balance(bob)).toMatchObject({ available: 6_000 });
  });

  it('refuses a debit beyond the balance and keeps the id refused', async () => {
    const [alice, bob] = [await t.wallet(1_000), await t.wallet()];
    const request = {
      id: randomUUID(),
      kind: 'p2p' as const,
      debit: alice,
      credits: [{ account: bob, amount: 1_001 }],
      mode: 'single' as const,
    };
    expect(await t.ledger.transfer(request)).toMatchObject({ ok: false, reason: 'INSUFFICIENT_FUNDS' });
    await t.fund(alice, 5_000);
    // The same id later, even with enough money now, is the same refused transfer.
    expect(await t.ledger.transfer(request)).toMatchObject({ ok: false, reason: 'INSUFFICIENT_FUNDS' });
    expect(await t.ledger.balance(alice)).toMatchObject({ available: 6_000 });
    expect(await t.ledger.balance(bob)).toMatchObject({ available: 0 });
  });

  it('refuses the same id with other fields as a conflict', async () => {
    const [alice, bob] = [await t.wallet(10_000), await t.wallet()];
    const id = randomUUID();
    const base = { id, kind: 'p2p' as const, debit: alice, mode: 'single' as const };
    expect(await t.ledger.transfer({ ...base, credits: [{ account: bob, amount: 100 }] })).toMatchObject({ ok: true });
    expect(await t.ledger.transfer({ ...base, credits: [{ account: bob, amount: 200 }] })).toMatchObject({
      ok: false,
      reason: 'CONFLICT',
    });
    expect(await t.ledger.balance(bob)).toMatchObject({ available: 100 });
  });

  describe('bad input is refused with a typed reason and changes nothing', () => {
    const cases: [string, number, string][] = [
      ['zero', 0, 'INVALID_AMOUNT'],
      ['negative', -500, 'INVALID_AMOUNT'],
      ['fractional', 10.5, 'INVALID_AMOUNT'],
      ['huge', 1e12, 'INVALID_AMOUNT'],
      ['not a number', Number.NaN, 'INVALID_AMOUNT'],
      ['infinite', Number.POSITIVE_INFINITY, 'INVALID_AMOUNT'],
    ];
    it.each(cases)('a %s amount', async (_name, amount, reason) => {
      const [alice, bob] = [await t.wallet(10_000), await t.wallet()];
      const id = randomUUID();
      const result = await t.ledger.transfer({
        id,
        kind: 'p2p',
        debit: alice,
        credits: [{ account: bob, amount }],
        mode: 'single',
      });
      expect(result).toEqual({ ok: false, reason });
      expect(await t.ledger.getTransfer(id)).toBeNull();
      expect(await t.ledger.balance(alice)).toMatchObject({ available: 10_000 });
    });

    it('a non-numeric amount', async () => {
      const [alice, bob] = [await t.wallet(10_000), await t.wallet()];
      const amount = '5000' as unknown as number;
      const result = await t.ledger.transfer({
        id: randomUUID(),
        kind: 'p2p',
        debit: alice,
        credits: [{ account: bob, amount }],
        mode: 'single',
      });
      expect(result).toEqual({ ok: false, reason: 'INVALID_AMOUNT' });
    });

    it('an unknown account, a self-transfer, a bad id', async () => {
      const [alice, bob] = [await t.wallet(10_000), await t.wallet()];
      const send = (debit: typeof alice, to: typeof alice, id: string = randomUUID()) =>
        t.ledger.transfer({ id, kind: 'p2p', debit, credits: [{ account: to, amount: 100 }], mode: 'single' });
      expect(await send(alice, accountIds.wallet('237600000000'))).toEqual({ ok: false, reason: 'ACCOUNT_NOT_FOUND' });
      expect(await send(alice, alice)).toEqual({ ok: false, reason: 'SAME_ACCOUNT' });
      expect(await send(alice, bob, 'has spaces and $')).toEqual({ ok: false, reason: 'INVALID_ID' });
      expect(await t.ledger.balance(alice)).toMatchObject({ available: 10_000 });
    });

    it('a closed recipient and a frozen payer: refused on their chains, recorded, and the ids stay refused', async () => {
      const [alice, bob, carol] = [await t.wallet(10_000), await t.wallet(), await t.wallet()];
      const send = (debit: typeof alice, to: typeof alice, id: string = randomUUID()) =>
        t.ledger.transfer({ id, kind: 'p2p', debit, credits: [{ account: to, amount: 100 }], mode: 'single' });
      expect(await t.ledger.setAccountStatus(bob, 'closed')).toEqual({ ok: true, changed: true, status: 'closed' });
      const toBob = randomUUID();
      expect(await send(alice, bob, toBob)).toMatchObject({ ok: false, reason: 'ACCOUNT_CLOSED' });
      await t.ledger.setAccountStatus(alice, 'frozen');
      const toCarol = randomUUID();
      expect(await send(alice, carol, toCarol)).toMatchObject({ ok: false, reason: 'ACCOUNT_FROZEN' });

      await t.ledger.setAccountStatus(alice, 'active');
      await t.ledger.setAccountStatus(bob, 'active');
      expect(await send(alice, bob, toBob)).toMatchObject({ ok: false, reason: 'ACCOUNT_CLOSED' });
      expect(await send(alice, carol, toCarol)).toMatchObject({ ok: false, reason: 'ACCOUNT_FROZEN' });
      expect(await t.ledger.balance(alice)).toMatchObject({ available: 10_000 });
      expect(await t.ledger.balance(bob)).toMatchObject({ available: 0 });
    });

    it('closing needs an empty account, judged on its chain', async () => {
      const [alice, bob] = [await t.wallet(300), await t.wallet()];
      expect(await t.ledger.setAccountStatus(alice, 'closed')).toEqual({ ok: false, reason: 'NOT_EMPTY' });
      expect(await t.ledger.accountStatus(alice)).toBe('active');
      await t.ledger.transfer({ ...p2pRequest(alice, bob, 300) });
      expect(await t.ledger.setAccountStatus(alice, 'closed')).toMatchObject({ ok: true, status: 'closed' });
      expect(await t.ledger.setAccountStatus(alice, 'closed')).toEqual({ ok: true, changed: false, status: 'closed' });
      expect(await t.ledger.accountStatus(alice)).toBe('closed');
    });
  });
});
