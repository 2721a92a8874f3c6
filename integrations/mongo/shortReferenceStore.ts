/**
 * Short references on MongoDB / FerretDB (domain/shortReferenceStore.ts): one document per short reference, its
 * `_id`. The `_id` index is unique on every MongoDB and FerretDB, so the insert alone decides a race for a short
 * reference (E11000 = taken); nothing is ever updated, so FerretDB v1's non-atomic updates never matter here.
 */
import type { Connection, mongo } from 'mongoose';
import type { InsertResult } from '../../domain/ledger/ledgerStore';
import type { ShortReferenceRecord, ShortReferenceStore } from '../../domain/shortReferenceStore';
import { isDuplicateKeyError } from './insertBatcher';

export class MongoShortReferenceStore implements ShortReferenceStore {
  private readonly references: mongo.Collection<ShortReferenceRecord>;

  constructor(connection: Connection) {
    this.references = connection.collection<ShortReferenceRecord>('short_references');
  }

  async insert(record: ShortReferenceRecord): Promise<InsertResult> {
    try {
      await this.references.insertOne({ _id: record._id, transferId: record.transferId, at: record.at });
      return 'inserted';
    } catch (error) {
      if (isDuplicateKeyError(error)) return 'duplicate';
      throw error;
    }
  }

  async get(shortReference: string): Promise<ShortReferenceRecord | null> {
    const doc = await this.references.findOne({ _id: shortReference });
    return doc && { _id: doc._id, transferId: doc.transferId, at: doc.at };
  }
}
