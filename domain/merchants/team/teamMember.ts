/** A person's place in a merchant's team, and the audit trail of every change to it. */
import type { Msisdn } from '../../phone';
import type { TeamRole } from './roles';

export const MEMBER_STATUSES = ['invited', 'active', 'removed', 'declined'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

/** A member as kept: one per merchant and number, `_id` `<merchantId>:<msisdn>` (the insert decides an invite). */
export interface TeamMember {
  _id: string;
  merchantId: string;
  msisdn: Msisdn;
  role: Exclude<TeamRole, 'owner'>;
  /** A cashier's cash point; null for the other roles. */
  cashPointId: string | null;
  /** A cashier's largest refund, in francs; null for the other roles. */
  refundLimit: number | null;
  status: MemberStatus;
  invitedBy: Msisdn;
  invitedAt: Date;
  updatedAt: Date;
}

/** The id of a number's membership of a merchant. */
export function memberId(merchantId: string, msisdn: Msisdn): string {
  return `${merchantId}:${msisdn}`;
}

export type TeamAuditAction = 'invited' | 'accepted' | 'declined' | 'role_changed' | 'removed';

/** One change to a team, insert-only (`team_audit`). */
export interface TeamAuditRecord {
  _id: string;
  merchantId: string;
  at: Date;
  /** Who made the change (the invitee for accepted and declined). */
  by: Msisdn;
  action: TeamAuditAction;
  member: Msisdn;
  role: TeamRole | null;
  cashPointId: string | null;
}
