/**
 * What short references rely on from their store, run against every implementation: a short reference is given to
 * one transfer by the first insert, for good, whatever races for it; and the ShortReferences service built on the
 * store gives each transfer one short reference, the next derivation when the first is taken.
 */
import { deriveShortReference } from '../../domain/shortReference';
import type { ShortReferenceRecord, ShortReferenceStore } from '../../domain/shortReferenceStore';
import { ShortReferences } from '../../domain/shortReferences';
import { anId, at, race } from './fixtures';
import type { MakeSubject } from './subject';

function aRecord(transferId = anId('topup')): ShortReferenceRecord {
  return { _id: deriveShortReference(transferId), transferId, at: at(0) };
}

export function describeShortReferenceStoreContract(name: string, makeSubject: MakeSubject<ShortReferenceStore>): void {
  describe(`ShortReferenceStore contract: ${name}`, () => {
    let store: ShortReferenceStore;
    let anotherProcess: () => ShortReferenceStore;
    beforeEach(async () => {
      ({ store, anotherProcess } = await makeSubject());
    });

    it('reads back a record as inserted, and null for a short reference never given', async () => {
      const record = aRecord();
      expect(await store.insert(record)).toBe('inserted');
      expect(await store.get(record._id)).toEqual(record);
      expect(await store.get(deriveShortReference(anId('never')))).toBeNull();
    });

    it('reports a second transfer on a taken short reference as a duplicate, and the first stands', async () => {
      const record = aRecord();
      await store.insert(record);
      expect(await store.insert({ ...record, transferId: anId('p2p') })).toBe('duplicate');
      expect(await store.get(record._id)).toEqual(record);
    });

    it('lets exactly one of many concurrent inserts of one short reference win, across processes', async () => {
      const record = aRecord();
      const ids = Array.from({ length: 10 }, () => anId('p2p'));
      const results = await race([store, anotherProcess()], 10, (s, n) => s.insert({ ...record, transferId: ids[n]! }));
      expect(results.filter((r) => r === 'inserted')).toHaveLength(1);
      expect((await store.get(record._id))?.transferId).toBe(ids[results.indexOf('inserted')]);
    });

    describe('ShortReferences on this store', () => {
      it('reserves the first derivation of a transfer id and finds the transfer by it, typed loosely', async () => {
        const transferId = anId('topup');
        const references = new ShortReferences(store, () => at(5));
        const reserved = await references.reserve(transferId);
        expect(reserved).toBe(deriveShortReference(transferId));
        expect(await references.resolve(reserved)).toBe(transferId);
        const typed = `${reserved.slice(0, 3)}-${reserved.slice(3, 6)} ${reserved.slice(6)}`.toLowerCase();
        expect(await new ShortReferences(anotherProcess()).resolve(typed)).toBe(transferId);
        expect(await references.resolve(deriveShortReference(anId('never')))).toBeNull();
        expect(await references.resolve('not a ref')).toBeNull();
      });

      it('gives a retried or concurrent reservation the same short reference', async () => {
        const transferId = anId('p2p');
        const handles: [ShortReferences, ShortReferences] = [
          new ShortReferences(store),
          new ShortReferences(anotherProcess()),
        ];
        const answers = await race(handles, 8, (references) => references.reserve(transferId));
        expect(new Set(answers)).toEqual(new Set([deriveShortReference(transferId)]));
        expect(await handles[0].reserve(transferId)).toBe(answers[0]);
      });

      it('takes the next derivation when another transfer holds the first (a collision), every time', async () => {
        const transferId = anId('withdraw');
        const other = anId('topup');
        // The collision, forced: another transfer already holds this transfer's first two derivations.
        await store.insert({ _id: deriveShortReference(transferId, 0), transferId: other, at: at(0) });
        await store.insert({ _id: deriveShortReference(transferId, 1), transferId: anId('bill'), at: at(0) });
        const references = new ShortReferences(store);
        const reserved = await references.reserve(transferId);
        expect(reserved).toBe(deriveShortReference(transferId, 2));
        expect(await references.reserve(transferId)).toBe(reserved);
        expect(await new ShortReferences(anotherProcess()).reserve(transferId)).toBe(reserved);
        expect(await references.resolve(reserved)).toBe(transferId);
        expect(await references.resolve(deriveShortReference(transferId, 0))).toBe(other);
      });
    });
  });
}
