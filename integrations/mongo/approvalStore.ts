/**
 * Maker-checker on MongoDB / FerretDB: merchants' settings (`merchant_settings`, configuration replaced whole),
 * pending approvals (`approvals`, `_id` `<kind>:<subjectId>`) and decisions (`approval_decisions`, `_id`
 * `<approval>#decision`): the inserts into their `_id`s decide every race.
 */
import { Schema, type Connection, type mongo } from 'mongoose';
import type { InsertResult } from '../../domain/ledger/ledgerStore';
import type {
  ApprovalDecision,
  ApprovalStore,
  MerchantSettings,
  PendingApproval,
} from '../../domain/merchants/team/approval';
import type { Msisdn } from '../../domain/phone';
import { insertOnce } from './insertOnce';

const settingsSchema = new Schema(
  {
    _id: String,
    approvalThreshold: Number,
    updatedAt: { type: Date, required: true },
    updatedBy: { type: String, required: true },
  },
  { versionKey: false, collection: 'merchant_settings' },
);

const approvalSchema = new Schema(
  {
    _id: String,
    merchantId: { type: String, required: true },
    kind: { type: String, required: true },
    subjectId: { type: String, required: true },
    amount: { type: Number, required: true },
    maker: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'approvals' },
);
approvalSchema.index({ merchantId: 1 });

const decisionSchema = new Schema(
  {
    _id: String,
    approvalId: { type: String, required: true },
    merchantId: { type: String, required: true },
    outcome: { type: String, required: true },
    by: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'approval_decisions' },
);

type Doc = mongo.Document & { _id: string };

function models(connection: Connection) {
  return {
    settings: connection.models.MerchantSettings ?? connection.model('MerchantSettings', settingsSchema),
    approvals: connection.models.Approval ?? connection.model('Approval', approvalSchema),
    decisions: connection.models.ApprovalDecision ?? connection.model('ApprovalDecision', decisionSchema),
  };
}

/** Creates the approval indexes and waits for them: run before serving traffic. */
export async function ensureApprovalIndexes(connection: Connection): Promise<void> {
  for (const model of Object.values(models(connection))) await model.createIndexes();
}

function asApproval(doc: Doc): PendingApproval {
  return {
    _id: doc._id,
    merchantId: doc.merchantId,
    kind: doc.kind,
    subjectId: doc.subjectId,
    amount: doc.amount,
    maker: doc.maker as Msisdn,
    createdAt: doc.createdAt,
  };
}

/** The ApprovalStore port on a mongoose connection. */
export class MongoApprovalStore implements ApprovalStore {
  private readonly settings: mongo.Collection<Doc>;
  private readonly approvals: mongo.Collection<Doc>;
  private readonly decisions: mongo.Collection<Doc>;

  constructor(connection: Connection) {
    const m = models(connection);
    this.settings = m.settings.collection as unknown as mongo.Collection<Doc>;
    this.approvals = m.approvals.collection as unknown as mongo.Collection<Doc>;
    this.decisions = m.decisions.collection as unknown as mongo.Collection<Doc>;
  }

  async getSettings(merchantId: string): Promise<MerchantSettings | null> {
    const doc = await this.settings.findOne({ _id: merchantId });
    return doc
      ? {
          _id: doc._id,
          approvalThreshold: doc.approvalThreshold ?? null,
          updatedAt: doc.updatedAt,
          updatedBy: doc.updatedBy as Msisdn,
        }
      : null;
  }

  async putSettings(settings: MerchantSettings): Promise<void> {
    // The first setting is an insert, later ones a plain update: configuration, not money.
    if ((await insertOnce(this.settings, { ...settings })) === 'inserted') return;
    const { _id, ...fields } = settings;
    await this.settings.updateOne({ _id }, { $set: fields });
  }

  insertApproval(approval: PendingApproval): Promise<InsertResult> {
    return insertOnce(this.approvals, { ...approval });
  }

  async getApproval(id: string): Promise<PendingApproval | null> {
    const doc = await this.approvals.findOne({ _id: id });
    return doc ? asApproval(doc) : null;
  }

  async approvalsOf(merchantId: string): Promise<PendingApproval[]> {
    return (await this.approvals.find({ merchantId }).toArray()).map(asApproval);
  }

  insertDecision(decision: ApprovalDecision): Promise<InsertResult> {
    return insertOnce(this.decisions, { ...decision });
  }

  async getDecision(id: string): Promise<ApprovalDecision | null> {
    const doc = await this.decisions.findOne({ _id: id });
    return doc
      ? {
          _id: doc._id,
          approvalId: doc.approvalId,
          merchantId: doc.merchantId,
          outcome: doc.outcome,
          by: doc.by as Msisdn,
          at: doc.at,
        }
      : null;
  }
}
