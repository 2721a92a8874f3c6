/**
 * What merchant refunds rely on from their store, run against every implementation: a slot is taken once, a
 * merchant's caller id once (across processes), outcomes are insert-once, and a merchant's refunds are listed newest
 * first a page at a time.
 */
import type { RefundRecord } from '../../domain/merchants/refunds/refund';
import { refundOutcomeId, refundSlotId } from '../../domain/merchants/refunds/refund';
import type { RefundStore } from '../../domain/merchants/refunds/refundStore';
import { aNumber, anId, at, race } from './fixtures';
import type { MakeSubject } from './subject';

function aRefund(overrides: Partial<RefundRecord> = {}): RefundRecord {
  const paymentTransferId = overrides.paymentTransferId ?? anId('preq');
  const n = overrides.n ?? 1;
  return {
    _id: refundSlotId(paymentTransferId, n),
    paymentTransferId,
    n,
    merchantId: 'm_test',
    callerId: anId('re'),
    requestId: anId('req'),
    amount: 1000,
    destination: 'wallet',
    rail: null,
    payee: aNumber(),
    reason: null,
    requestedBy: null,
    shortReference: 'K7MX3QPRT',
    createdAt: at(0),
    state: 'pending',
    processedAt: null,
    ...overrides,
  };
}

export function describeMerchantRefundStoreContract(name: string, makeSubject: MakeSubject<RefundStore>): void {
  describe(`RefundStore contract: ${name}`, () => {
    let store: RefundStore;
    let anotherProcess: () => RefundStore;
    beforeEach(async () => {
      ({ store, anotherProcess } = await makeSubject());
    });

    it('finds a refund by its slot, by the merchant and caller id, and by its request', async () => {
      const refund = aRefund({ rail: 'mtn_momo', destination: 'mobile_money', reason: 'damaged' });
      expect(await store.insertRefund(refund)).toBe('inserted');
      expect(await anotherProcess().getRefund(refund._id)).toEqual(refund);
      expect(await store.byCallerId(refund.merchantId, refund.callerId)).toEqual(refund);
      expect(await store.byCallerId('m_other', refund.callerId)).toBeNull();
      expect(await store.ofRequest(refund.requestId)).toEqual([refund]);
      expect(await store.getRefund(refundSlotId(refund.paymentTransferId, 2))).toBeNull();
    });

    it('gives a slot to one refund when many race for it, across processes', async () => {
      const paymentTransferId = anId('preq');
      const results = await race([store, anotherProcess()], 10, (s) => s.insertRefund(aRefund({ paymentTransferId })));
      expect(results.filter((r) => r === 'inserted')).toHaveLength(1);
    });

    it("gives a merchant's caller id to one refund, even in other slots; another merchant may use it", async () => {
      const callerId = anId('re');
      const results = await race([store, anotherProcess()], 10, (s, n) =>
        s.insertRefund(aRefund({ callerId, paymentTransferId: anId('preq'), n: n + 1 })),
      );
      expect(results.filter((r) => r === 'inserted')).toHaveLength(1);
      expect(await store.insertRefund(aRefund({ callerId, merchantId: 'm_other' }))).toBe('inserted');
    });

    it('keeps the first outcome of a refund', async () => {
      const refund = aRefund();
      await store.insertRefund(refund);
      expect(await store.getOutcome(refund._id)).toBeNull();
      const outcomes = await race([store, anotherProcess()], 6, (s, n) =>
        s.insertOutcome({
          _id: refundOutcomeId(refund._id),
          refundId: refund._id,
          state: n % 2 ? 'failed' : 'processed',
          reason: n % 2 ? 'REJECTED' : null,
          at: at(n),
        }),
      );
      const standing = await anotherProcess().getOutcome(refund._id);
      expect(standing).not.toBeNull();
      for (const outcome of outcomes) expect(outcome).toEqual(standing);
    });

    it('caches a state, and lists the pending ones', async () => {
      const done = aRefund();
      const waiting = aRefund();
      await store.insertRefund(done);
      await store.insertRefund(waiting);
      await store.setState(done._id, 'processed', at(5));
      expect(await anotherProcess().getRefund(done._id)).toEqual({ ...done, state: 'processed', processedAt: at(5) });
      const pending = (await store.pending(100)).map((r) => r._id);
      expect(pending).toContain(waiting._id);
      expect(pending).not.toContain(done._id);
    });

    it("lists a merchant's refunds newest first, a page at a time, and those of one request", async () => {
      const merchantId = anId('m');
      const requestId = anId('req');
      const refunds = [0, 1, 2, 3, 4].map((i) =>
        aRefund({ merchantId, createdAt: at(i < 2 ? 0 : i), ...(i % 2 ? { requestId } : {}) }),
      );
      for (const refund of refunds) await store.insertRefund(refund);
      await store.insertRefund(aRefund({ merchantId: 'm_other' }));
      const newestFirst = [...refunds].sort(
        (a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a._id < b._id ? 1 : -1),
      );
      const first = await store.byMerchant(merchantId, { limit: 3 });
      expect(first.map((r) => r._id)).toEqual(newestFirst.slice(0, 3).map((r) => r._id));
      const last = first.at(-1)!;
      const second = await store.byMerchant(merchantId, { limit: 3, before: last });
      expect(second.map((r) => r._id)).toEqual(newestFirst.slice(3).map((r) => r._id));
      const ofRequest = await store.byMerchant(merchantId, { limit: 10, requestId });
      expect(ofRequest.map((r) => r._id)).toEqual(
        newestFirst.filter((r) => r.requestId === requestId).map((r) => r._id),
      );
    });
  });
}
