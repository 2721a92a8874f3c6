/** Merchant teams in memory: the twin of the MongoDB store (the first insert of a membership stands). */
import type { InsertResult } from '../../domain/ledger/ledgerStore';
import type { TeamAuditRecord, TeamMember } from '../../domain/merchants/team/teamMember';
import type { MemberChanges, TeamStore } from '../../domain/merchants/team/teamStore';
import type { Msisdn } from '../../domain/phone';
import { roundTrip, Table } from './table';

export class MemoryTeamStore implements TeamStore {
  private readonly members = new Table<TeamMember>();
  private readonly audit = new Table<TeamAuditRecord>();

  async insertMember(member: TeamMember): Promise<InsertResult> {
    await roundTrip();
    return this.members.insert(member);
  }

  async getMember(id: string): Promise<TeamMember | null> {
    await roundTrip();
    return this.members.get(id);
  }

  async updateMember(id: string, changes: MemberChanges): Promise<void> {
    await roundTrip();
    const member = this.members.get(id);
    if (member) this.members.put({ ...member, ...changes });
  }

  async membersOf(merchantId: string): Promise<TeamMember[]> {
    await roundTrip();
    return this.members.find((m) => m.merchantId === merchantId);
  }

  async membershipsOf(msisdn: Msisdn): Promise<TeamMember[]> {
    await roundTrip();
    return this.members.find((m) => m.msisdn === msisdn);
  }

  async appendAudit(record: TeamAuditRecord): Promise<void> {
    await roundTrip();
    if (this.audit.insert(record) === 'duplicate') throw new Error(`duplicate audit record ${record._id}`);
  }

  async auditOf(merchantId: string): Promise<TeamAuditRecord[]> {
    await roundTrip();
    return this.audit
      .find((r) => r.merchantId === merchantId)
      .sort((a, b) => a.at.getTime() - b.at.getTime() || (a._id < b._id ? -1 : 1));
  }
}
