/**
 * Dashboard sign-in codes on MongoDB / FerretDB: codes (`dashboard_sign_in_codes`, `_id` the number's hourly slot)
 * and their marks (`dashboard_sign_in_marks`: tries and use); the inserts into their `_id`s decide every limit.
 */
import { Schema, type Connection, type mongo } from 'mongoose';
import type { InsertResult } from '../../domain/ledger/ledgerStore';
import type { SignInCode, SignInCodeMark, SignInCodeStore } from '../../domain/merchants/dashboard/signInCode';
import type { Msisdn } from '../../domain/phone';
import { insertOnce } from './insertOnce';

const codeSchema = new Schema(
  {
    _id: String,
    msisdn: { type: String, required: true },
    codeHash: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'dashboard_sign_in_codes' },
);
codeSchema.index({ msisdn: 1, createdAt: -1 });

const markSchema = new Schema(
  { _id: String, codeId: { type: String, required: true }, at: { type: Date, required: true } },
  { versionKey: false, collection: 'dashboard_sign_in_marks' },
);

type Doc = mongo.Document & { _id: string };

function models(connection: Connection) {
  return {
    codes: connection.models.DashboardSignInCode ?? connection.model('DashboardSignInCode', codeSchema),
    marks: connection.models.DashboardSignInMark ?? connection.model('DashboardSignInMark', markSchema),
  };
}

/** Creates the indexes and waits for them: run before serving traffic. */
export async function ensureSignInCodeIndexes(connection: Connection): Promise<void> {
  for (const model of Object.values(models(connection))) await model.createIndexes();
}

export class MongoSignInCodeStore implements SignInCodeStore {
  private readonly codes: mongo.Collection<Doc>;
  private readonly marks: mongo.Collection<Doc>;

  constructor(connection: Connection) {
    const m = models(connection);
    this.codes = m.codes.collection as unknown as mongo.Collection<Doc>;
    this.marks = m.marks.collection as unknown as mongo.Collection<Doc>;
  }

  insertCode(code: SignInCode): Promise<InsertResult> {
    return insertOnce(this.codes, { ...code });
  }

  async latestCode(msisdn: Msisdn): Promise<SignInCode | null> {
    const doc = await this.codes.find({ msisdn }).sort({ createdAt: -1, _id: -1 }).limit(1).next();
    return doc
      ? {
          _id: doc._id,
          msisdn: doc.msisdn as Msisdn,
          codeHash: doc.codeHash,
          createdAt: doc.createdAt,
          expiresAt: doc.expiresAt,
        }
      : null;
  }

  insertMark(mark: SignInCodeMark): Promise<InsertResult> {
    return insertOnce(this.marks, { ...mark });
  }
}
