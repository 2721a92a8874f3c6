/**
 * A collection kept in memory, for the stores' in-memory twins: documents keyed by a unique `_id`, each stored and
 * returned as a copy, as a database round trip would (a caller that changes what it inserted or read changes
 * nothing stored). Each table is its own: two stores never share one.
 */
import type { InsertResult } from '../../domain/ledger/store';

/** Copies a document deeply, Dates included. */
export function copyOf<T>(doc: T): T {
  return structuredClone(doc);
}

/**
 * Lets every caller already waiting run first, as a database round trip would: callers that race for a key then
 * interleave the way they do on the real store, in an order that is the same on every run.
 */
export function roundTrip(): Promise<void> {
  return Promise.resolve();
}

export class Table<T extends { _id: string }> {
  private readonly docs = new Map<string, T>();

  /** Inserts the document unless its `_id` is taken; the first insert stands. */
  insert(doc: T): InsertResult {
    if (this.docs.has(doc._id)) return 'duplicate';
    this.docs.set(doc._id, copyOf(doc));
    return 'inserted';
  }

  has(id: string): boolean {
    return this.docs.has(id);
  }

  get(id: string): T | null {
    const doc = this.docs.get(id);
    return doc === undefined ? null : copyOf(doc);
  }

  /** Inserts or replaces the document with this `_id`. */
  put(doc: T): void {
    this.docs.set(doc._id, copyOf(doc));
  }

  delete(id: string): void {
    this.docs.delete(id);
  }

  /** Copies of the documents that match, in insertion order (a collection's natural order). */
  find(matches: (doc: T) => boolean = () => true, limit = Infinity): T[] {
    const found: T[] = [];
    for (const doc of this.docs.values()) {
      if (found.length >= limit) break;
      if (matches(doc)) found.push(copyOf(doc));
    }
    return found;
  }
}
