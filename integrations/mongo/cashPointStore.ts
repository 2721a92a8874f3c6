/** Merchants' cash points on MongoDB / FerretDB (`cash_points`); names and the active flag are plain updates. */
import { Schema, type Connection, type mongo } from 'mongoose';
import type { CashPoint, CashPointStore } from '../../domain/merchants/team/cashPoint';

const cashPointSchema = new Schema(
  {
    _id: String,
    merchantId: { type: String, required: true },
    name: { type: String, required: true },
    createdAt: { type: Date, required: true },
    active: { type: Boolean, required: true },
  },
  { versionKey: false, collection: 'cash_points' },
);
cashPointSchema.index({ merchantId: 1 });

type Doc = mongo.Document & { _id: string };

function cashPointModel(connection: Connection) {
  return connection.models.CashPoint ?? connection.model('CashPoint', cashPointSchema);
}

/** Creates the cash point indexes and waits for them: run before serving traffic. */
export async function ensureCashPointIndexes(connection: Connection): Promise<void> {
  await cashPointModel(connection).createIndexes();
}

function asCashPoint(doc: Doc): CashPoint {
  return { _id: doc._id, merchantId: doc.merchantId, name: doc.name, createdAt: doc.createdAt, active: doc.active };
}

/** The CashPointStore port on a mongoose connection. */
export class MongoCashPointStore implements CashPointStore {
  private readonly cashPoints: mongo.Collection<Doc>;

  constructor(connection: Connection) {
    this.cashPoints = cashPointModel(connection).collection as unknown as mongo.Collection<Doc>;
  }

  async insertCashPoint(cashPoint: CashPoint): Promise<void> {
    await this.cashPoints.insertOne({ ...cashPoint });
  }

  async getCashPoint(id: string): Promise<CashPoint | null> {
    const doc = await this.cashPoints.findOne({ _id: id });
    return doc ? asCashPoint(doc) : null;
  }

  async cashPointsOf(merchantId: string): Promise<CashPoint[]> {
    return (await this.cashPoints.find({ merchantId }).toArray()).map(asCashPoint);
  }

  async updateCashPoint(id: string, changes: Partial<Pick<CashPoint, 'name' | 'active'>>): Promise<void> {
    await this.cashPoints.updateOne({ _id: id }, { $set: { ...changes } });
  }
}
