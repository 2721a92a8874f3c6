/**
 * Group commit for whole-document writes by `_id` (replace, or insert when missing): concurrent callers' documents
 * travel in one unordered `bulkWrite`, which is one command whatever its size. Each write is still its own replace
 * of its own document, so batching changes the cost, not the semantics; it suits documents that one writer at a
 * time owns (a session, under its person's lock), where the order between different documents does not matter.
 *
 * Batches stay small, and one goes at a time, because of how FerretDB v1 (PostgreSQL backend) runs an update: for
 * each statement it opens a query for the matching row, keeps that query (and its PostgreSQL connection) open until
 * the whole command ends, and takes a second connection to write the row. A command replacing K existing documents
 * therefore holds K connections and needs one more; with K at the size of FerretDB's pool (50) it waits for itself
 * forever, and every other command with it. That froze the whole server under the open-loop benchmark at 100
 * requests/s, when about 150 turns in flight put more than 50 sessions into one batch.
 */
import type { mongo } from 'mongoose';
import { isDuplicateKeyError } from './insertBatcher';

type Doc = mongo.Document & { _id: string };

/**
 * Statements per command: well under FerretDB v1's 50 pooled connections, leaving room for every other command
 * (and for other processes' batches) while one batch holds its connections.
 */
export const MAX_REPLACES_PER_COMMAND = 16;

interface Waiting {
  doc: Doc;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class ReplaceBatcher {
  private queue: Waiting[] = [];
  private sending = false;

  constructor(
    private readonly collection: mongo.Collection<Doc>,
    private readonly maxBatch = MAX_REPLACES_PER_COMMAND,
  ) {}

  replace(doc: Doc): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ doc, resolve, reject });
      this.flush();
    });
  }

  private flush(): void {
    if (this.sending || this.queue.length === 0) return;
    // One batch at a time: writers arriving meanwhile leave together with the next one.
    const batch = this.queue.splice(0, this.maxBatch);
    this.sending = true;
    void this.send(batch).finally(() => {
      this.sending = false;
      this.flush();
    });
  }

  private async send(batch: Waiting[]): Promise<void> {
    try {
      await this.collection.bulkWrite(
        batch.map(({ doc }) => ({ replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true } })),
        { ordered: false },
      );
      for (const w of batch) w.resolve();
    } catch (error) {
      const writeErrors = (error as Partial<mongo.MongoBulkWriteError>).writeErrors;
      if (!writeErrors) {
        // The batch as a whole failed (connection lost): none of its callers knows what happened.
        for (const w of batch) w.reject(error);
        return;
      }
      const failed = new Map<number, { code?: unknown }>();
      for (const e of Array.isArray(writeErrors) ? writeErrors : [writeErrors]) failed.set(e.index, e);
      // One retry at a time: each holds two of FerretDB's connections while it runs (see above).
      for (const [index, w] of batch.entries()) {
        const failure = failed.get(index);
        if (!failure) {
          w.resolve();
          continue;
        }
        // Two upserts of a new document raced on its insert: the loser's write is now a plain replace.
        if (!isDuplicateKeyError(failure)) {
          w.reject(failure);
          continue;
        }
        try {
          await this.collection.replaceOne({ _id: w.doc._id }, w.doc, { upsert: true });
          w.resolve();
        } catch (retryError) {
          w.reject(retryError);
        }
      }
    }
  }
}
