/** PINs chosen and waiting for their confirmation, in memory: the twin of the MongoDB store, one per number. */
import type { ChosenPinStore } from '../../domain/chosenPins';
import type { Msisdn } from '../../domain/phone';
import { roundTrip } from './table';

export class MemoryChosenPinStore implements ChosenPinStore {
  private readonly chosen = new Map<Msisdn, { pinHash: string; at: Date }>();

  async put(msisdn: Msisdn, pinHash: string, at: Date): Promise<void> {
    await roundTrip();
    this.chosen.set(msisdn, { pinHash, at: new Date(at) });
  }

  async get(msisdn: Msisdn): Promise<{ pinHash: string; at: Date } | null> {
    await roundTrip();
    const doc = this.chosen.get(msisdn);
    return doc ? { pinHash: doc.pinHash, at: new Date(doc.at) } : null;
  }

  async remove(msisdn: Msisdn): Promise<void> {
    await roundTrip();
    this.chosen.delete(msisdn);
  }
}
