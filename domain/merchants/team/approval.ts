/** Maker-checker: what waits for a second person, their decision, and the owner's threshold. */
import type { InsertResult } from '../../ledger/ledgerStore';
import type { Msisdn } from '../../phone';

export type ApprovalKind = 'payout' | 'salary_batch';

/** A merchant's settings: a small record per merchant, set by the owner. */
export interface MerchantSettings {
  /** `_id` is the merchant's id. */
  _id: string;
  /** Money out above this many francs needs a second person; null: never. */
  approvalThreshold: number | null;
  updatedAt: Date;
  updatedBy: Msisdn;
}

/** An action waiting for a checker; `_id` is `<kind>:<subjectId>`. */
export interface PendingApproval {
  _id: string;
  merchantId: string;
  kind: ApprovalKind;
  subjectId: string;
  amount: number;
  /** Who asked: a member's number, or the id of the API key that made the action. */
  maker: Msisdn | string;
  createdAt: Date;
}

export type ApprovalOutcome = 'approved' | 'rejected';

/**
 * The checker's decision; `_id` is `<approval id>#decision`, one id for both outcomes so the first insert decides
 * between an approval and a rejection racing (two ids, one each, would let both stand).
 */
export interface ApprovalDecision {
  _id: string;
  approvalId: string;
  merchantId: string;
  outcome: ApprovalOutcome;
  by: Msisdn;
  at: Date;
}

/** Port: settings, pending approvals and decisions. Pending approvals and decisions are decided by inserts. */
export interface ApprovalStore {
  getSettings(merchantId: string): Promise<MerchantSettings | null>;
  /** Inserts or replaces the merchant's settings (configuration, not money). */
  putSettings(settings: MerchantSettings): Promise<void>;
  insertApproval(approval: PendingApproval): Promise<InsertResult>;
  getApproval(id: string): Promise<PendingApproval | null>;
  /** A merchant's approvals, any state, in no promised order. */
  approvalsOf(merchantId: string): Promise<PendingApproval[]>;
  insertDecision(decision: ApprovalDecision): Promise<InsertResult>;
  getDecision(id: string): Promise<ApprovalDecision | null>;
}
