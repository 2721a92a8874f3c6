/**
 * Group commit for inserts: callers insert one document each and get back whether it went in or hit a unique
 * index; under load their documents travel together in one unordered `insertMany`. Each document is still its
 * own insert with its own unique-index decision (that is what `ordered: false` means), so batching changes
 * the cost, not the semantics. Measured on FerretDB: about 8x the documents per second of single inserts.
 */
import type { mongo } from 'mongoose';
import type { InsertResult } from '../../domain/ledger/ledgerStore';

interface Waiting {
  doc: mongo.Document & { _id: string };
  resolve: (result: InsertResult) => void;
  reject: (error: unknown) => void;
}

const DUPLICATE_KEY = 11000;

export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === DUPLICATE_KEY;
}

export class InsertBatcher {
  private queue: Waiting[] = [];
  private inFlight = 0;

  constructor(
    private readonly collection: mongo.Collection<mongo.Document & { _id: string }>,
    // One batch at a time: callers arriving meanwhile wait and leave together, which is what makes batches big
    // (measured in BENCHMARKS.md: 2 in flight sent smaller batches for the same documents).
    private readonly maxInFlight = 1,
    private readonly maxBatch = 500,
  ) {}

  insert(doc: mongo.Document & { _id: string }): Promise<InsertResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ doc, resolve, reject });
      this.flush();
    });
  }

  private flush(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.inFlight += 1;
      void this.send(batch).finally(() => {
        this.inFlight -= 1;
        this.flush();
      });
    }
  }

  private async send(batch: Waiting[]): Promise<void> {
    if (batch.length === 1) {
      const [only] = batch as [Waiting];
      try {
        await this.collection.insertOne(only.doc);
        only.resolve('inserted');
      } catch (error) {
        if (isDuplicateKeyError(error)) only.resolve('duplicate');
        else only.reject(error);
      }
      return;
    }
    try {
      await this.collection.insertMany(
        batch.map((w) => w.doc),
        { ordered: false },
      );
      for (const w of batch) w.resolve('inserted');
    } catch (error) {
      const writeErrors = (error as Partial<mongo.MongoBulkWriteError>).writeErrors;
      if (!writeErrors) {
        // The batch as a whole failed (connection lost): none of its callers knows what happened.
        for (const w of batch) w.reject(error);
        return;
      }
      const failed = new Map<number, { code?: unknown }>();
      for (const e of Array.isArray(writeErrors) ? writeErrors : [writeErrors]) failed.set(e.index, e);
      batch.forEach((w, index) => {
        const failure = failed.get(index);
        if (!failure) w.resolve('inserted');
        else if (failure.code === DUPLICATE_KEY) w.resolve('duplicate');
        else w.reject(failure);
      });
    }
  }
}
