/**
 * Claims (money held for numbers without an account) on MongoDB / FerretDB. The insert by `_id` (the holding
 * transfer's id) is the only decision; `state` is a cache of the ledger's outcome, found by equality.
 */
import { Schema, type Connection, type mongo } from 'mongoose';
import type { Claim, ClaimState, ClaimStore } from '../../domain/claimStore';
import type { InsertResult } from '../../domain/ledger/ledgerStore';
import type { Msisdn } from '../../domain/phone';
import { isDuplicateKeyError } from './insertBatcher';

const claimSchema = new Schema(
  {
    _id: String,
    sender: { type: String, required: true },
    recipient: { type: String, required: true },
    amount: { type: Number, required: true },
    fee: { type: Number, required: true },
    expiresAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
    state: { type: String, required: true },
    settledAt: { type: Date, default: null },
  },
  { versionKey: false, collection: 'payment_claims' },
);
// claimAll reads a number's waiting claims; the worker reads all waiting ones.
claimSchema.index({ recipient: 1, state: 1 });
claimSchema.index({ state: 1 });

type Doc = mongo.Document & { _id: string };

/** Registers the claim model on a connection (idempotent). */
export function claimModel(connection: Connection) {
  return connection.models.PaymentClaim ?? connection.model('PaymentClaim', claimSchema);
}

/** Creates the claim indexes and waits for them: run before serving traffic. */
export async function ensureClaimIndexes(connection: Connection): Promise<void> {
  await claimModel(connection).createIndexes();
}

function asClaim(doc: Doc): Claim {
  return {
    _id: doc._id,
    sender: doc.sender as Msisdn,
    recipient: doc.recipient as Msisdn,
    amount: doc.amount,
    fee: doc.fee,
    expiresAt: doc.expiresAt,
    createdAt: doc.createdAt,
    state: doc.state,
    settledAt: doc.settledAt ?? null,
  };
}

/** The ClaimStore port on a mongoose connection. */
export class MongoClaimStore implements ClaimStore {
  private readonly claims: mongo.Collection<Doc>;

  constructor(connection: Connection) {
    this.claims = claimModel(connection).collection as unknown as mongo.Collection<Doc>;
  }

  async insert(claim: Claim): Promise<InsertResult> {
    try {
      await this.claims.insertOne({ ...claim });
      return 'inserted';
    } catch (error) {
      if (isDuplicateKeyError(error)) return 'duplicate';
      throw error;
    }
  }

  async get(id: string): Promise<Claim | null> {
    const doc = await this.claims.findOne({ _id: id });
    return doc ? asClaim(doc) : null;
  }

  async waitingFor(recipient: Msisdn): Promise<Claim[]> {
    return (await this.claims.find({ recipient, state: 'waiting' }).toArray()).map(asClaim);
  }

  async waiting(limit: number): Promise<Claim[]> {
    return (await this.claims.find({ state: 'waiting' }).limit(limit).toArray()).map(asClaim);
  }

  async markSettled(id: string, state: Exclude<ClaimState, 'waiting'>, at: Date): Promise<void> {
    await this.claims.updateOne({ _id: id }, { $set: { state, settledAt: at } });
  }
}
