/**
 * People on MongoDB: one document per phone number (`_id`), so the unique `_id` decides a sign-up race.
 */
import { randomUUID } from 'node:crypto';
import { Schema, type Connection, type Model, type mongo } from 'mongoose';
import type { Person, PeopleStore } from '../../domain/peopleStore';
import type { Msisdn } from '../../domain/phone';
import { isDuplicateKeyError } from './insertBatcher';

const personSchema = new Schema(
  {
    _id: String,
    name: { type: String, required: true },
    language: { type: String, required: true },
    pinHash: { type: String, required: true },
    termsAcceptedAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
    historySince: { type: Date, default: null },
  },
  { versionKey: false, collection: 'people' },
);

interface DepartureDoc {
  _id: string;
  msisdn: string;
  at: Date;
}

type PersonDoc = Omit<Person, 'msisdn'> & { _id: string };

export class MongoPeopleStore implements PeopleStore {
  private readonly people: Model<PersonDoc>;
  private readonly departures: mongo.Collection<DepartureDoc>;

  constructor(connection: Connection) {
    this.departures = connection.collection<DepartureDoc>('people_departures');
    this.people =
      (connection.models.Person as Model<PersonDoc> | undefined) ?? connection.model<PersonDoc>('Person', personSchema);
  }

  async insert(person: Person): Promise<boolean> {
    const { msisdn, ...rest } = person;
    try {
      await this.people.collection.insertOne({ _id: msisdn, ...rest } as never);
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async get(msisdn: Msisdn): Promise<Person | null> {
    const doc = await this.people.collection.findOne<PersonDoc>({ _id: msisdn as never });
    if (!doc) return null;
    const { _id, ...rest } = doc;
    return {
      ...rest,
      msisdn: _id as Msisdn,
      historySince: rest.historySince ?? null,
    };
  }

  async update(msisdn: Msisdn, changes: Partial<Omit<Person, 'msisdn'>>): Promise<void> {
    await this.people.collection.updateOne({ _id: msisdn as never }, { $set: changes });
  }

  async remove(msisdn: Msisdn): Promise<void> {
    await this.people.collection.deleteOne({ _id: msisdn as never });
  }

  async recordDeparture(msisdn: Msisdn, at: Date): Promise<void> {
    await this.departures.insertOne({ _id: randomUUID(), msisdn, at });
  }

  // Read once per sign-up, by equality on the number: rare enough for FerretDB's scan.
  async lastDeparture(msisdn: Msisdn): Promise<Date | null> {
    const departures = await this.departures.find({ msisdn }).toArray();
    return departures.reduce<Date | null>((last, d) => (!last || d.at > last ? d.at : last), null);
  }
}
