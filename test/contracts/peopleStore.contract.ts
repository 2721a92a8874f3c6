/**
 * What sign-up and settings rely on from the people store, run against every implementation: one record per
 * number (the first insert wins a sign-up race, even between processes), updates of the fields given only, and
 * departures kept after a record is removed.
 */
import type { Person, PeopleStore } from '../../domain/people';
import type { Msisdn } from '../../domain/phone';
import { aNumber, at, race } from './fixtures';
import type { MakeSubject } from './subject';

function aPerson(msisdn: Msisdn = aNumber(), overrides: Partial<Person> = {}): Person {
  return {
    msisdn,
    name: 'Ngono Marie',
    language: 'fr',
    pinHash: 'scrypt$salt$hash',
    termsAcceptedAt: at(0),
    createdAt: at(0),
    historySince: null,
    ...overrides,
  };
}

export function describePeopleStoreContract(name: string, makeSubject: MakeSubject<PeopleStore>): void {
  describe(`PeopleStore contract: ${name}`, () => {
    let store: PeopleStore;
    let anotherProcess: () => PeopleStore;
    beforeEach(async () => {
      ({ store, anotherProcess } = await makeSubject());
    });

    it('reads back a person as inserted, and null for a number nobody holds', async () => {
      const person = aPerson();
      const recycled = aPerson(aNumber(), { language: 'en', historySince: at(-1_000) });
      expect(await store.insert(person)).toBe(true);
      expect(await store.insert(recycled)).toBe(true);
      expect(await store.get(person.msisdn)).toEqual(person);
      expect(await store.get(recycled.msisdn)).toEqual(recycled);
      expect(await store.get(aNumber())).toBeNull();
    });

    it('refuses a second person on a taken number, and the first stands', async () => {
      const person = aPerson();
      await store.insert(person);
      expect(await store.insert(aPerson(person.msisdn, { name: 'Someone Else' }))).toBe(false);
      expect(await store.get(person.msisdn)).toEqual(person);
    });

    it('lets exactly one of many concurrent sign-ups of one number win, across processes', async () => {
      const msisdn = aNumber();
      const rivals = Array.from({ length: 10 }, (_, n) => aPerson(msisdn, { name: `Person ${'x'.repeat(n + 1)}` }));
      const results = await race([store, anotherProcess()], rivals.length, (s, n) => s.insert(rivals[n]!));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.get(msisdn)).toEqual(rivals[results.indexOf(true)]);
    });

    it('changes only the fields given, and nothing for a number nobody holds', async () => {
      const person = aPerson();
      await store.insert(person);
      await store.update(person.msisdn, { pinHash: 'scrypt$new$hash' });
      await store.update(person.msisdn, { language: 'en' });
      expect(await store.get(person.msisdn)).toEqual({ ...person, pinHash: 'scrypt$new$hash', language: 'en' });
      const nobody = aNumber();
      await store.update(nobody, { name: 'Ghost' });
      expect(await store.get(nobody)).toBeNull();
    });

    it('frees a removed person’s number for its next owner', async () => {
      const person = aPerson();
      await store.insert(person);
      await store.remove(person.msisdn);
      expect(await store.get(person.msisdn)).toBeNull();
      const next = aPerson(person.msisdn, { name: 'Next Owner', historySince: at(5) });
      expect(await store.insert(next)).toBe(true);
      expect(await store.get(person.msisdn)).toEqual(next);
      await store.remove(aNumber());
    });

    it('says when a number’s last owner left: the latest departure of that number, kept after removal', async () => {
      const msisdn = aNumber();
      const other = aNumber();
      expect(await store.lastDeparture(msisdn)).toBeNull();
      await store.insert(aPerson(msisdn));
      await store.recordDeparture(msisdn, at(2_000));
      await store.remove(msisdn);
      await store.recordDeparture(msisdn, at(9_000));
      await store.recordDeparture(msisdn, at(5_000));
      await store.recordDeparture(other, at(20_000));
      expect(await store.lastDeparture(msisdn)).toEqual(at(9_000));
      expect(await store.lastDeparture(other)).toEqual(at(20_000));
    });

    it('is not changed by a caller changing what it inserted or read', async () => {
      const person = aPerson();
      await store.insert(person);
      person.name = 'Changed';
      const read = (await store.get(person.msisdn))!;
      read.pinHash = 'tampered';
      read.createdAt.setTime(0);
      expect(await store.get(person.msisdn)).toEqual({ ...person, name: 'Ngono Marie' });
    });
  });
}
