/**
 * What top-ups and withdrawals rely on from their store, run against every implementation: records, dispatch
 * decisions and failure notes are insert-once under the transfer id (the first stands, and every racer is told
 * which one, even between processes); open markers are idempotent and listed until closed.
 */
import type {
  RailDispatch,
  RailFailureNote,
  RailPaymentRecord,
  RailPaymentsStore,
} from '../../domain/railPayments/railPaymentsStore';
import { aNumber, anId, at, race } from './fixtures';
import { byId, type MakeSubject } from './subject';

function aRecord(overrides: Partial<RailPaymentRecord> = {}): RailPaymentRecord {
  return {
    _id: anId('topup'),
    direction: 'collect',
    rail: 'mtn_momo',
    owner: aNumber(),
    counterparty: aNumber(),
    amount: 10_000,
    fee: 0,
    createdAt: at(0),
    ...overrides,
  };
}

export function describeRailPaymentsStoreContract(name: string, makeSubject: MakeSubject<RailPaymentsStore>): void {
  describe(`RailPaymentsStore contract: ${name}`, () => {
    let store: RailPaymentsStore;
    let anotherProcess: () => RailPaymentsStore;
    beforeEach(async () => {
      ({ store, anotherProcess } = await makeSubject());
    });

    it('reads back a record as inserted; a second with its id is a duplicate and the first stands', async () => {
      const record = aRecord();
      const payout = aRecord({
        _id: anId('withdraw'),
        direction: 'payout',
        rail: 'orange_money',
        fee: 150,
        shortReference: 'K7MX3QPRT',
      });
      for (const r of [record, payout]) expect(await store.insertRecord(r)).toBe('inserted');
      expect(await store.insertRecord({ ...record, amount: 1 })).toBe('duplicate');
      expect(await store.getRecord(record._id)).toEqual(record);
      expect(await store.getRecord(payout._id)).toEqual(payout);
      expect(await store.getRecord('never')).toBeNull();
    });

    it('lists open payments once each, as many as asked, until closed', async () => {
      const ids = [anId('topup'), anId('topup'), anId('topup')];
      for (const [n, id] of ids.entries()) await store.open(id, at(n));
      await store.open(ids[0]!, at(99));
      expect(byId(await store.findOpen(10))).toEqual(byId(ids.map((id, n) => ({ _id: id, openedAt: at(n) }))));
      expect(await store.findOpen(2)).toHaveLength(2);
      await store.close(ids[1]!);
      await store.close('never-opened');
      expect((await store.findOpen(10)).map((p) => p._id).sort()).toEqual([ids[0], ids[2]].sort());
    });

    it('lets the first dispatch decision stand and tells each caller whether it was theirs', async () => {
      const send: RailDispatch = { _id: anId('topup'), decision: 'send', at: at(1) };
      expect(await store.getDispatch(send._id)).toBeNull();
      expect(await store.decideDispatch(send)).toEqual({ ...send, mine: true });
      expect(await store.decideDispatch({ ...send, decision: 'abandon', at: at(2) })).toEqual({ ...send, mine: false });
      expect(await store.getDispatch(send._id)).toEqual(send);
    });

    it('gives the dispatch to exactly one of many concurrent deciders, and all agree on it', async () => {
      const id = anId('withdraw');
      const results = await race([store, anotherProcess()], 10, (s, n) =>
        s.decideDispatch({ _id: id, decision: n % 2 ? 'abandon' : 'send', at: at(n) }),
      );
      expect(results.filter((r) => r.mine)).toHaveLength(1);
      const standing = await store.getDispatch(id);
      for (const result of results) expect({ ...result, mine: undefined }).toEqual({ ...standing, mine: undefined });
    });

    it('keeps the first failure note and returns it to every later caller', async () => {
      const note: RailFailureNote = { _id: anId('topup'), reason: 'PAYER_DECLINED', silent: false, at: at(1) };
      const silent: RailFailureNote = { _id: anId('topup'), reason: 'REFUSED', silent: true, at: at(1) };
      expect(await store.getFailure(note._id)).toBeNull();
      expect(await store.noteFailure(note)).toEqual(note);
      expect(await store.noteFailure(silent)).toEqual(silent);
      expect(await store.noteFailure({ ...note, reason: 'TIMEOUT', silent: true })).toEqual(note);
      expect(await store.getFailure(note._id)).toEqual(note);
      expect(await store.getFailure(silent._id)).toEqual(silent);
    });

    it('keeps one of many concurrent failure notes, and every caller gets that one', async () => {
      const id = anId('topup');
      const results = await race([store, anotherProcess()], 10, (s, n) =>
        s.noteFailure({ _id: id, reason: `reason-${n}`, silent: n % 2 === 0, at: at(n) }),
      );
      const standing = await store.getFailure(id);
      expect(standing).not.toBeNull();
      for (const result of results) expect(result).toEqual(standing);
    });
  });
}
