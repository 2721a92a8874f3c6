/**
 * PINs chosen and waiting for their confirmation (domain/chosenPinStore.ts), one document per number (`_id`),
 * written inside the person's turn.
 */
import type { Connection, mongo } from 'mongoose';
import type { ChosenPinStore } from '../../domain/chosenPinStore';
import type { Msisdn } from '../../domain/phone';

interface ChosenPinDoc {
  _id: string;
  pinHash: string;
  at: Date;
}

export class MongoChosenPinStore implements ChosenPinStore {
  private readonly chosen: mongo.Collection<ChosenPinDoc>;

  constructor(connection: Connection) {
    this.chosen = connection.collection<ChosenPinDoc>('pin_choices');
  }

  async put(msisdn: Msisdn, pinHash: string, at: Date): Promise<void> {
    await this.chosen.replaceOne({ _id: msisdn }, { pinHash, at }, { upsert: true });
  }

  async get(msisdn: Msisdn): Promise<{ pinHash: string; at: Date } | null> {
    const doc = await this.chosen.findOne({ _id: msisdn });
    return doc && { pinHash: doc.pinHash, at: doc.at };
  }

  async remove(msisdn: Msisdn): Promise<void> {
    await this.chosen.deleteOne({ _id: msisdn });
  }
}
