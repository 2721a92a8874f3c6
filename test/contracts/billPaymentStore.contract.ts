/**
 * What bill payments rely on from their store, run against every implementation: intents, collect decisions and
 * outcomes are insert-once under the payment's transfer id (the first stands, and every racer gets it back, even
 * between processes: the money is never released while a collect may still be accepted); open markers are
 * idempotent and listed until closed.
 */
import type {
  BillPaymentIntent,
  BillPaymentOutcome,
  BillPaymentStore,
  CollectDecision,
} from '../../domain/billPayments';
import { aNumber, anId, at, race } from './fixtures';
import { byId, type MakeSubject } from './subject';

function anIntent(overrides: Partial<BillPaymentIntent> = {}): BillPaymentIntent {
  return {
    _id: anId('bill'),
    requestHash: 'hash',
    payer: aNumber(),
    billerId: 'eneo',
    customerNumber: '200123456',
    item: {
      payItemId: 'S-112-949-ENEO',
      kind: 'BILL',
      amount: 12_500,
      billNumber: 'F-0042',
      label: null,
      dueDate: '2026-03-15',
    },
    amount: 12_500,
    fee: 150,
    createdAt: at(0),
    ...overrides,
  };
}

function aCollect(id: string, n = 0): CollectDecision {
  return { _id: id, decision: 'collect', quoteId: `quote-${n}`, quoteExpiresAt: at(600_000), at: at(n) };
}

function anAbandon(id: string, n = 0): CollectDecision {
  return { _id: id, decision: 'abandon', reason: 'QUOTE_EXPIRED', at: at(n) };
}

export function describeBillPaymentStoreContract(name: string, makeSubject: MakeSubject<BillPaymentStore>): void {
  describe(`BillPaymentStore contract: ${name}`, () => {
    let store: BillPaymentStore;
    let anotherProcess: () => BillPaymentStore;
    beforeEach(async () => {
      ({ store, anotherProcess } = await makeSubject());
    });

    it('reads back an intent as inserted; a second with its id is a duplicate and the first stands', async () => {
      const intent = anIntent();
      const prepaid = anIntent({
        item: { payItemId: 'P-1', kind: 'PREPAID', amount: null, billNumber: null, label: null, dueDate: null },
      });
      for (const i of [intent, prepaid]) expect(await store.insertIntent(i)).toBe('inserted');
      expect(await store.insertIntent({ ...intent, amount: 1 })).toBe('duplicate');
      expect(await store.getIntent(intent._id)).toEqual(intent);
      expect(await store.getIntent(prepaid._id)).toEqual(prepaid);
      expect(await store.getIntent('never')).toBeNull();
    });

    it('lets the first collect decision stand, whichever kind it is', async () => {
      const collect = aCollect(anId('bill'));
      const abandon = anAbandon(anId('bill'));
      expect(await store.getDecision(collect._id)).toBeNull();
      expect(await store.decideCollect(collect)).toEqual(collect);
      expect(await store.decideCollect(abandon)).toEqual(abandon);
      expect(await store.decideCollect(anAbandon(collect._id, 5))).toEqual(collect);
      expect(await store.decideCollect(aCollect(abandon._id, 5))).toEqual(abandon);
      expect(await store.getDecision(collect._id)).toEqual(collect);
      expect(await store.getDecision(abandon._id)).toEqual(abandon);
    });

    it('gives every racer between collect and abandon the one decision that stands, across processes', async () => {
      const id = anId('bill');
      const results = await race([store, anotherProcess()], 10, (s, n) =>
        s.decideCollect(n % 2 ? anAbandon(id, n) : aCollect(id, n)),
      );
      const standing = await store.getDecision(id);
      expect(standing).not.toBeNull();
      for (const result of results) expect(result).toEqual(standing);
    });

    it('keeps the first outcome and returns it to every later caller, across processes', async () => {
      const id = anId('bill');
      const success: BillPaymentOutcome = {
        _id: id,
        status: 'SUCCESS',
        ptn: 'PTN-1',
        receiptNumber: 'R-1',
        token: null,
        at: at(1),
      };
      const prepaid: BillPaymentOutcome = { ...success, _id: anId('bill'), token: '12345678901234567890' };
      const errored: BillPaymentOutcome = {
        _id: anId('bill'),
        status: 'ERRORED',
        reason: 'BILL_ALREADY_PAID',
        at: at(2),
      };
      expect(await store.getOutcome(id)).toBeNull();
      for (const o of [success, prepaid, errored]) expect(await store.recordOutcome(o)).toEqual(o);
      const late = await race([store, anotherProcess()], 6, (s, n) =>
        s.recordOutcome({ _id: id, status: 'ERRORED', reason: `late-${n}`, at: at(n) }),
      );
      for (const result of late) expect(result).toEqual(success);
      expect(await store.getOutcome(prepaid._id)).toEqual(prepaid);
      expect(await store.getOutcome(errored._id)).toEqual(errored);
    });

    it('lists open payments once each, as many as asked, until closed', async () => {
      const ids = [anId('bill'), anId('bill'), anId('bill')];
      for (const [n, id] of ids.entries()) await store.open(id, at(n));
      await store.open(ids[2]!, at(99));
      expect(byId(await store.findOpen(10))).toEqual(byId(ids.map((id, n) => ({ _id: id, openedAt: at(n) }))));
      expect(await store.findOpen(1)).toHaveLength(1);
      await store.close(ids[0]!);
      await store.close('never-opened');
      expect((await store.findOpen(10)).map((p) => p._id).sort()).toEqual([ids[1], ids[2]].sort());
    });
  });
}
