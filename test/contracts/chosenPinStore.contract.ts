/**
 * What choosing a PIN relies on from the chosen-PIN store, run against every implementation: one waiting hash per
 * number, replaced by the next one put, gone once removed.
 */
import type { ChosenPinStore } from '../../domain/chosenPins';
import { aNumber, at } from './fixtures';
import type { MakeSubject } from './subject';

export function describeChosenPinStoreContract(name: string, makeSubject: MakeSubject<ChosenPinStore>): void {
  describe(`ChosenPinStore contract: ${name}`, () => {
    let store: ChosenPinStore;
    beforeEach(async () => {
      ({ store } = await makeSubject());
    });

    it('keeps one waiting hash per number, the last one put', async () => {
      const msisdn = aNumber();
      const other = aNumber();
      expect(await store.get(msisdn)).toBeNull();
      await store.put(msisdn, 'hash-1', at(1));
      await store.put(other, 'hash-other', at(2));
      await store.put(msisdn, 'hash-2', at(3));
      expect(await store.get(msisdn)).toEqual({ pinHash: 'hash-2', at: at(3) });
      expect(await store.get(other)).toEqual({ pinHash: 'hash-other', at: at(2) });
    });

    it('forgets a number’s hash once removed, and only that number’s', async () => {
      const msisdn = aNumber();
      const other = aNumber();
      await store.put(msisdn, 'hash', at(1));
      await store.put(other, 'hash-other', at(1));
      await store.remove(msisdn);
      await store.remove(aNumber());
      expect(await store.get(msisdn)).toBeNull();
      expect(await store.get(other)).toEqual({ pinHash: 'hash-other', at: at(1) });
    });

    it('is not changed by a caller changing what it read', async () => {
      const msisdn = aNumber();
      await store.put(msisdn, 'hash', at(1));
      (await store.get(msisdn))!.at.setTime(0);
      expect(await store.get(msisdn)).toEqual({ pinHash: 'hash', at: at(1) });
    });
  });
}
