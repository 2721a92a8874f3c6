/** Orange Money's reference → payToken map in memory: the twin of the MongoDB store (first insert stands). */
import type { OrangePayTokenRecord, OrangePayTokenStore, PayTokenClaim } from '../orangeMoney/ports';
import { roundTrip, Table } from './table';

type Doc = Omit<OrangePayTokenRecord, 'reference'> & { _id: string };

export class MemoryOrangePayTokenStore implements OrangePayTokenStore {
  private readonly tokens = new Table<Doc>();

  async claim(record: OrangePayTokenRecord): Promise<PayTokenClaim> {
    await roundTrip();
    const { reference, ...rest } = record;
    if (this.tokens.insert({ _id: reference, ...rest }) === 'inserted') return { claimed: true };
    const existing = await this.find(reference);
    if (!existing) throw new Error('duplicate reference but no record');
    return { claimed: false, existing };
  }

  async find(reference: string): Promise<OrangePayTokenRecord | null> {
    await roundTrip();
    const doc = this.tokens.get(reference);
    if (!doc) return null;
    const { _id, ...rest } = doc;
    return { reference: _id, ...rest };
  }
}
