/**
 * Merchants on MongoDB / FerretDB (`merchants`): one per owner number, decided by the unique index on `owner`.
 * Only the status and KYC level are ever updated, by compliance, and they decide no race.
 */
import { Schema, type Connection, type mongo } from 'mongoose';
import type { AccountId } from '../../domain/ledger/accounts';
import type { InsertResult } from '../../domain/ledger/ledgerStore';
import type { Merchant, MerchantKycLevel, MerchantStatus } from '../../domain/merchants/merchant';
import type { MerchantStore } from '../../domain/merchants/merchantStore';
import type { Msisdn } from '../../domain/phone';
import { isDuplicateKeyError } from './insertBatcher';

const merchantSchema = new Schema(
  {
    _id: String,
    name: { type: String, required: true },
    category: { type: String, required: true },
    owner: { type: String, required: true },
    status: { type: String, required: true },
    kycLevel: { type: String, required: true },
    account: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'merchants' },
);
// One merchant per owner number: the insert that takes the owner decides a race between two opens.
merchantSchema.index({ owner: 1 }, { unique: true });

type Doc = mongo.Document & { _id: string };

/** Registers the merchant model on a connection (idempotent). */
export function merchantModel(connection: Connection) {
  return connection.models.Merchant ?? connection.model('Merchant', merchantSchema);
}

/** Creates the merchant indexes and waits for them: run before serving traffic. */
export async function ensureMerchantIndexes(connection: Connection): Promise<void> {
  await merchantModel(connection).createIndexes();
}

function asMerchant(doc: Doc): Merchant {
  return {
    _id: doc._id,
    name: doc.name,
    category: doc.category,
    owner: doc.owner as Msisdn,
    status: doc.status,
    kycLevel: doc.kycLevel,
    account: doc.account as AccountId,
    createdAt: doc.createdAt,
  };
}

/** The MerchantStore port on a mongoose connection. */
export class MongoMerchantStore implements MerchantStore {
  private readonly merchants: mongo.Collection<Doc>;

  constructor(connection: Connection) {
    this.merchants = merchantModel(connection).collection as unknown as mongo.Collection<Doc>;
  }

  async insertMerchant(merchant: Merchant): Promise<InsertResult> {
    try {
      await this.merchants.insertOne({ ...merchant });
      return 'inserted';
    } catch (error) {
      if (isDuplicateKeyError(error)) return 'duplicate';
      throw error;
    }
  }

  async getMerchant(id: string): Promise<Merchant | null> {
    const doc = await this.merchants.findOne({ _id: id });
    return doc ? asMerchant(doc) : null;
  }

  async byOwner(owner: Msisdn): Promise<Merchant | null> {
    const doc = await this.merchants.findOne({ owner });
    return doc ? asMerchant(doc) : null;
  }

  async setStatus(id: string, status: MerchantStatus, kycLevel?: MerchantKycLevel): Promise<void> {
    await this.merchants.updateOne({ _id: id }, { $set: { status, ...(kycLevel === undefined ? {} : { kycLevel }) } });
  }
}
