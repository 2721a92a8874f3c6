/**
 * Group commit for deletes by `_id` in a small collection (open-transfer markers): concurrent callers' ids
 * travel in one `deleteMany({_id: {$in: …}})`. FerretDB v1 scans the collection for `$in`, which is why this is
 * only for collections that stay small; the cost is then one command instead of one per caller.
 */
import type { mongo } from 'mongoose';

interface Waiting {
  id: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class DeleteBatcher {
  private queue: Waiting[] = [];
  private sending = false;

  constructor(
    private readonly collection: mongo.Collection<mongo.Document & { _id: string }>,
    private readonly maxBatch = 500,
  ) {}

  delete(id: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id, resolve, reject });
      this.flush();
    });
  }

  private flush(): void {
    if (this.sending || this.queue.length === 0) return;
    const batch = this.queue.splice(0, this.maxBatch);
    this.sending = true;
    const filter = batch.length === 1 ? { _id: batch[0]!.id } : { _id: { $in: batch.map((w) => w.id) } };
    this.collection
      .deleteMany(filter)
      .then(
        () => batch.forEach((w) => w.resolve()),
        (error: unknown) => batch.forEach((w) => w.reject(error)),
      )
      .finally(() => {
        this.sending = false;
        this.flush();
      });
  }
}
