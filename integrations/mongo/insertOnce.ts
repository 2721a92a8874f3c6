/**
 * The insert that decides a race: a document whose unique key is taken reports `duplicate` instead of throwing, so
 * the caller reads what the winner decided. Every store's insert-decided write goes through it.
 */
import type { mongo } from 'mongoose';
import type { InsertResult } from '../../domain/ledger/ledgerStore';
import { isDuplicateKeyError } from './insertBatcher';

export async function insertOnce<T extends mongo.Document>(
  collection: mongo.Collection<T>,
  doc: T,
): Promise<InsertResult> {
  try {
    await collection.insertOne(doc as mongo.OptionalUnlessRequiredId<T>);
    return 'inserted';
  } catch (error) {
    if (isDuplicateKeyError(error)) return 'duplicate';
    throw error;
  }
}
