import { randomUUID } from 'node:crypto';
import { accountIds } from '../../../domain/ledger/accounts';
import { expectConsistent, useLedger } from '../../support/ledger';

describe('refunds', () => {
  const t = useLedger();
  afterEach(() => expectConsistent(t.store));

  async function purchase(amount: number) {
    const [payer, merchant] = [await t.wallet(50_000), await t.merchant()];
    const id = randomUUID();
    const result = await t.ledger.transfer({
      id,
      kind: 'merchant',
      debit: payer,
      credits: [
        { account: merchant, amount },
        { account: accountIds.fees, amount: 100 },
      ],
      mode: 'single',
    });
    expect(result.ok).toBe(true);
    return { payer, merchant, id };
  }

  it('refunds in parts, as new transfers, never more than the recipient got', async () => {
    const { payer, merchant, id } = await purchase(10_000);
    expect(await t.ledger.refund(id, 1, 4_000)).toMatchObject({
      ok: true,
      transfer: { _id: `refund:${id}:1`, kind: 'refund', refundOf: id, state: 'posted' },
    });
    expect(await t.ledger.refund(id, 2, 6_001)).toMatchObject({ ok: false, reason: 'REFUND_EXCEEDS_ORIGINAL' });
    expect(await t.ledger.refund(id, 2)).toMatchObject({ ok: true, transfer: { total: 6_000 } });
    expect(await t.ledger.refund(id, 3, 1)).toMatchObject({ ok: false, reason: 'REFUND_EXCEEDS_ORIGINAL' });
    // The fee is kept; the original transfer is unchanged.
    expect(await t.ledger.balance(payer)).toMatchObject({ available: 50_000 - 100 });
    expect(await t.ledger.balance(merchant)).toMatchObject({ available: 0 });
    expect(await t.ledger.getTransfer(id)).toMatchObject({ state: 'posted', total: 10_100 });
  });

  it('refunds once under one number, even asked twice at once', async () => {
    const { payer, id } = await purchase(10_000);
    const results = await Promise.all([t.ledger.refund(id, 1, 3_000), t.anotherProcess().refund(id, 1, 3_000)]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(await t.ledger.balance(payer)).toMatchObject({ available: 50_000 - 10_100 + 3_000 });
  });

  it('refuses out of order, unknown, refund of a refund', async () => {
    const { id } = await purchase(10_000);
    expect(await t.ledger.refund(id, 2, 100)).toMatchObject({ ok: false, reason: 'REFUND_OUT_OF_ORDER' });
    expect(await t.ledger.refund('nope', 1)).toEqual({ ok: false, reason: 'NOT_FOUND' });
    await t.ledger.refund(id, 1, 100);
    expect(await t.ledger.refund(`refund:${id}:1`, 1)).toMatchObject({ ok: false, reason: 'NOT_REFUNDABLE' });
  });
});
