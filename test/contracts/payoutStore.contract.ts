/**
 * What merchant payouts rely on from their store, run against every implementation: a payout's id is taken once
 * (across processes), its destination comes back as written, the unfinished ones are found, and a merchant's
 * payouts are listed newest first a page at a time.
 */
import type { PayoutRecord } from '../../domain/merchants/payouts/payout';
import { payoutTransferId } from '../../domain/merchants/payouts/payout';
import type { PayoutStore } from '../../domain/merchants/payouts/payoutStore';
import { aNumber, anId, at, race } from './fixtures';
import type { MakeSubject } from './subject';

function aPayout(overrides: Partial<PayoutRecord> = {}): PayoutRecord {
  const merchantId = overrides.merchantId ?? 'm_test';
  const callerId = overrides.callerId ?? anId('po');
  return {
    _id: payoutTransferId(merchantId, callerId),
    merchantId,
    callerId,
    amount: 50_000,
    fee: 500,
    destination: {
      type: 'bank',
      bankCode: '10005',
      accountNumber: '10005000010123456789091',
      accountName: 'Boutique Ngono',
    },
    rail: 'bank',
    reference: 'December payout',
    requestedBy: aNumber(),
    approvalRequired: false,
    createdAt: at(0),
    state: 'pending',
    ...overrides,
  };
}

export function describePayoutStoreContract(name: string, makeSubject: MakeSubject<PayoutStore>): void {
  describe(`PayoutStore contract: ${name}`, () => {
    let store: PayoutStore;
    let anotherProcess: () => PayoutStore;
    beforeEach(async () => {
      ({ store, anotherProcess } = await makeSubject());
    });

    it('finds a payout by its id, with its destination as written', async () => {
      const bank = aPayout();
      const momo = aPayout({ destination: { type: 'mtn_momo', phone: aNumber() }, rail: 'mtn_momo', reference: null });
      expect(await store.insertPayout(bank)).toBe('inserted');
      expect(await store.insertPayout(momo)).toBe('inserted');
      expect(await anotherProcess().getPayout(bank._id)).toEqual(bank);
      expect(await anotherProcess().getPayout(momo._id)).toEqual(momo);
      expect(await store.getPayout(payoutTransferId('m_test', 'nothing'))).toBeNull();
    });

    it('gives an id to one payout when many race for it, across processes', async () => {
      const callerId = anId('po');
      const results = await race([store, anotherProcess()], 10, (s, n) =>
        s.insertPayout(aPayout({ callerId, amount: 1000 + n })),
      );
      expect(results.filter((r) => r === 'inserted')).toHaveLength(1);
    });

    it('caches a state, and finds the unfinished ones', async () => {
      const paid = aPayout();
      const waiting = aPayout({ state: 'pending_approval', approvalRequired: true });
      await store.insertPayout(paid);
      await store.insertPayout(waiting);
      await store.setState(paid._id, 'paid');
      expect(await anotherProcess().getPayout(paid._id)).toEqual({ ...paid, state: 'paid' });
      const unfinished = (await store.unfinished(1000)).map((r) => r._id);
      expect(unfinished).toContain(waiting._id);
      expect(unfinished).not.toContain(paid._id);
    });

    it("lists a merchant's payouts newest first, a page at a time", async () => {
      const merchantId = anId('m');
      const payouts = [0, 1, 2, 3, 4].map((i) => aPayout({ merchantId, createdAt: at(i < 2 ? 0 : i) }));
      for (const payout of payouts) await store.insertPayout(payout);
      await store.insertPayout(aPayout({ merchantId: 'm_other' }));
      const newestFirst = [...payouts].sort(
        (a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a._id < b._id ? 1 : -1),
      );
      const first = await store.byMerchant(merchantId, { limit: 3 });
      expect(first.map((r) => r._id)).toEqual(newestFirst.slice(0, 3).map((r) => r._id));
      const second = await store.byMerchant(merchantId, { limit: 3, before: first.at(-1)! });
      expect(second.map((r) => r._id)).toEqual(newestFirst.slice(3).map((r) => r._id));
    });
  });
}
