/**
 * Deletes by `_id` that nobody waits for, gathered and sent together at most once every `everyMs`: one
 * `deleteMany({_id: {$in: …}})` for all of them. For clutter whose removal can wait (superseded session revisions):
 * on FerretDB v1 each such command decodes the whole collection, so sending them rarely is what keeps it cheap. Ids
 * whose command fails go back for the next round; ids still waiting when the process stops stay in the collection,
 * which only costs space.
 */
import type { mongo } from 'mongoose';

const MAX_IDS_PER_COMMAND = 2_000;

export class DeferredDeletes {
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private sending: Promise<void> = Promise.resolve();

  constructor(
    private readonly collection: mongo.Collection<mongo.Document & { _id: string }>,
    private readonly everyMs: number,
  ) {}

  add(id: string): void {
    this.pending.add(id);
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.everyMs);
    // Clutter never keeps a process alive.
    this.timer.unref();
  }

  /** Sends what is waiting now (tests, shutdown); resolves when it is done. */
  flush(): Promise<void> {
    const ids = [...this.pending];
    this.pending = new Set();
    this.sending = this.sending.then(async () => {
      for (let from = 0; from < ids.length; from += MAX_IDS_PER_COMMAND) {
        const chunk = ids.slice(from, from + MAX_IDS_PER_COMMAND);
        try {
          await this.collection.deleteMany({ _id: { $in: chunk } });
        } catch {
          for (const id of chunk) this.add(id);
        }
      }
    });
    return this.sending;
  }
}
