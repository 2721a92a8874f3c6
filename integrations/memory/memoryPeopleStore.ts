/**
 * People in memory: the twin of the MongoDB people store. One record per number, so the first insert of a number
 * wins a sign-up race; departures are a log kept after a record is removed.
 */
import type { Person, PeopleStore } from '../../domain/people';
import type { Msisdn } from '../../domain/phone';
import { copyOf, roundTrip } from './table';

export class MemoryPeopleStore implements PeopleStore {
  private readonly people = new Map<Msisdn, Person>();
  private readonly departures: { msisdn: Msisdn; at: Date }[] = [];

  async insert(person: Person): Promise<boolean> {
    await roundTrip();
    if (this.people.has(person.msisdn)) return false;
    this.people.set(person.msisdn, copyOf(person));
    return true;
  }

  async get(msisdn: Msisdn): Promise<Person | null> {
    await roundTrip();
    const person = this.people.get(msisdn);
    return person ? copyOf(person) : null;
  }

  async update(msisdn: Msisdn, changes: Partial<Omit<Person, 'msisdn'>>): Promise<void> {
    await roundTrip();
    const person = this.people.get(msisdn);
    if (person) this.people.set(msisdn, { ...person, ...copyOf(changes), msisdn });
  }

  async remove(msisdn: Msisdn): Promise<void> {
    await roundTrip();
    this.people.delete(msisdn);
  }

  async recordDeparture(msisdn: Msisdn, at: Date): Promise<void> {
    await roundTrip();
    this.departures.push({ msisdn, at: new Date(at) });
  }

  async lastDeparture(msisdn: Msisdn): Promise<Date | null> {
    await roundTrip();
    let last: Date | null = null;
    for (const d of this.departures) if (d.msisdn === msisdn && (!last || d.at > last)) last = d.at;
    return last && new Date(last);
  }
}
