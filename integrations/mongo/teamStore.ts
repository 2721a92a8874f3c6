/**
 * Merchant teams on MongoDB / FerretDB: memberships (`team_members`, `_id` `<merchantId>:<msisdn>`, so the insert
 * decides an invite) and the insert-only audit trail (`team_audit`). Roles and statuses are configuration, changed by
 * plain updates; they decide no money.
 */
import { Schema, type Connection, type mongo } from 'mongoose';
import type { InsertResult } from '../../domain/ledger/ledgerStore';
import type { TeamAuditRecord, TeamMember } from '../../domain/merchants/team/teamMember';
import type { MemberChanges, TeamStore } from '../../domain/merchants/team/teamStore';
import type { Msisdn } from '../../domain/phone';
import { isDuplicateKeyError } from './insertBatcher';

const memberSchema = new Schema(
  {
    _id: String,
    merchantId: { type: String, required: true },
    msisdn: { type: String, required: true },
    role: { type: String, required: true },
    cashPointId: String,
    refundLimit: Number,
    status: { type: String, required: true },
    invitedBy: { type: String, required: true },
    invitedAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'team_members' },
);
memberSchema.index({ merchantId: 1 });
memberSchema.index({ msisdn: 1 });

const auditSchema = new Schema(
  {
    _id: String,
    merchantId: { type: String, required: true },
    at: { type: Date, required: true },
    by: { type: String, required: true },
    action: { type: String, required: true },
    member: { type: String, required: true },
    role: String,
    cashPointId: String,
  },
  { versionKey: false, collection: 'team_audit' },
);
auditSchema.index({ merchantId: 1, at: 1 });

type Doc = mongo.Document & { _id: string };

function memberModel(connection: Connection) {
  return connection.models.TeamMember ?? connection.model('TeamMember', memberSchema);
}

function auditModel(connection: Connection) {
  return connection.models.TeamAudit ?? connection.model('TeamAudit', auditSchema);
}

/** Creates the team indexes and waits for them: run before serving traffic. */
export async function ensureTeamIndexes(connection: Connection): Promise<void> {
  await memberModel(connection).createIndexes();
  await auditModel(connection).createIndexes();
}

function asMember(doc: Doc): TeamMember {
  return {
    _id: doc._id,
    merchantId: doc.merchantId,
    msisdn: doc.msisdn as Msisdn,
    role: doc.role,
    cashPointId: doc.cashPointId ?? null,
    refundLimit: doc.refundLimit ?? null,
    status: doc.status,
    invitedBy: doc.invitedBy as Msisdn,
    invitedAt: doc.invitedAt,
    updatedAt: doc.updatedAt,
  };
}

function asAudit(doc: Doc): TeamAuditRecord {
  return {
    _id: doc._id,
    merchantId: doc.merchantId,
    at: doc.at,
    by: doc.by as Msisdn,
    action: doc.action,
    member: doc.member as Msisdn,
    role: doc.role ?? null,
    cashPointId: doc.cashPointId ?? null,
  };
}

/** The TeamStore port on a mongoose connection. */
export class MongoTeamStore implements TeamStore {
  private readonly members: mongo.Collection<Doc>;
  private readonly audit: mongo.Collection<Doc>;

  constructor(connection: Connection) {
    this.members = memberModel(connection).collection as unknown as mongo.Collection<Doc>;
    this.audit = auditModel(connection).collection as unknown as mongo.Collection<Doc>;
  }

  async insertMember(member: TeamMember): Promise<InsertResult> {
    try {
      await this.members.insertOne({ ...member });
      return 'inserted';
    } catch (error) {
      if (isDuplicateKeyError(error)) return 'duplicate';
      throw error;
    }
  }

  async getMember(id: string): Promise<TeamMember | null> {
    const doc = await this.members.findOne({ _id: id });
    return doc ? asMember(doc) : null;
  }

  async updateMember(id: string, changes: MemberChanges): Promise<void> {
    await this.members.updateOne({ _id: id }, { $set: { ...changes } });
  }

  async membersOf(merchantId: string): Promise<TeamMember[]> {
    return (await this.members.find({ merchantId }).toArray()).map(asMember);
  }

  async membershipsOf(msisdn: Msisdn): Promise<TeamMember[]> {
    return (await this.members.find({ msisdn }).toArray()).map(asMember);
  }

  async appendAudit(record: TeamAuditRecord): Promise<void> {
    await this.audit.insertOne({ ...record });
  }

  async auditOf(merchantId: string): Promise<TeamAuditRecord[]> {
    const docs = await this.audit.find({ merchantId }).toArray();
    return docs.map(asAudit).sort((a, b) => a.at.getTime() - b.at.getTime() || (a._id < b._id ? -1 : 1));
  }
}
