/** The merchant API's rate-limit hits in memory: the twin of the MongoDB store. */
import { randomUUID } from 'node:crypto';
import type { ApiRateLimitStore } from '../../bots/api/ports';
import { roundTrip, Table } from './table';

interface Hit {
  _id: string;
  key: string;
  window: number;
  at: Date;
}

export class MemoryApiRateLimitStore implements ApiRateLimitStore {
  private readonly hits = new Table<Hit>();

  async hit(key: string, window: number, at: Date): Promise<number> {
    await roundTrip();
    this.hits.insert({ _id: randomUUID(), key, window, at });
    await roundTrip();
    return this.hits.find((h) => h.key === key && h.window === window).length;
  }

  async sweep(before: Date): Promise<void> {
    await roundTrip();
    for (const hit of this.hits.find((h) => h.at < before)) this.hits.delete(hit._id);
  }
}
