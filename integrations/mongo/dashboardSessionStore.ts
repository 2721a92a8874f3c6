/** Dashboard sessions on MongoDB / FerretDB (`dashboard_sessions`, `_id` the SHA-256 of the cookie's secret). */
import { Schema, type Connection, type mongo } from 'mongoose';
import type { InsertResult } from '../../domain/ledger/ledgerStore';
import type { DashboardSession, DashboardSessionStore } from '../../domain/merchants/dashboard/dashboardSession';
import type { Msisdn } from '../../domain/phone';
import { insertOnce } from './insertOnce';

const sessionSchema = new Schema(
  {
    _id: String,
    msisdn: { type: String, required: true },
    merchantId: { type: String, required: true },
    csrfToken: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'dashboard_sessions' },
);

type Doc = mongo.Document & { _id: string };

function model(connection: Connection) {
  return connection.models.DashboardSession ?? connection.model('DashboardSession', sessionSchema);
}

export async function ensureDashboardSessionIndexes(connection: Connection): Promise<void> {
  await model(connection).createIndexes();
}

export class MongoDashboardSessionStore implements DashboardSessionStore {
  private readonly sessions: mongo.Collection<Doc>;

  constructor(connection: Connection) {
    this.sessions = model(connection).collection as unknown as mongo.Collection<Doc>;
  }

  insertSession(session: DashboardSession): Promise<InsertResult> {
    return insertOnce(this.sessions, { ...session });
  }

  async getSession(id: string): Promise<DashboardSession | null> {
    const doc = await this.sessions.findOne({ _id: id });
    return doc
      ? {
          _id: doc._id,
          msisdn: doc.msisdn as Msisdn,
          merchantId: doc.merchantId,
          csrfToken: doc.csrfToken,
          createdAt: doc.createdAt,
          expiresAt: doc.expiresAt,
        }
      : null;
  }

  async deleteSession(id: string): Promise<void> {
    await this.sessions.deleteOne({ _id: id });
  }
}
