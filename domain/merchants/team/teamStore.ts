/** Port: where team members and the team's audit trail are kept. */
import type { InsertResult } from '../../ledger/ledgerStore';
import type { Msisdn } from '../../phone';
import type { TeamAuditRecord, TeamMember } from './teamMember';

/** The fields of a membership that change after the invite. */
export type MemberChanges = Partial<
  Pick<TeamMember, 'role' | 'cashPointId' | 'refundLimit' | 'status' | 'invitedBy' | 'invitedAt' | 'updatedAt'>
>;

export interface TeamStore {
  /** `duplicate` when the number already has a membership of the merchant (in any status). */
  insertMember(member: TeamMember): Promise<InsertResult>;
  getMember(id: string): Promise<TeamMember | null>;
  /** Replaces a membership's changing fields. Configuration, not money: a plain update. */
  updateMember(id: string, changes: MemberChanges): Promise<void>;
  /** Every membership of a merchant, any status, in no promised order. */
  membersOf(merchantId: string): Promise<TeamMember[]>;
  /** Every membership of a number, any status, in no promised order. */
  membershipsOf(msisdn: Msisdn): Promise<TeamMember[]>;
  /** Appends to the audit trail; never updated. */
  appendAudit(record: TeamAuditRecord): Promise<void>;
  /** A merchant's audit trail, oldest first. */
  auditOf(merchantId: string): Promise<TeamAuditRecord[]>;
}
