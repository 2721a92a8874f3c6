/**
 * Port to the team's approvals (maker and checker): a batch above the merchant's threshold is paid only once a
 * second person approved it.
 */

/** What a checker decided; `pending` while nobody did. */
export type ApprovalDecision = 'pending' | 'approved' | 'rejected';

export interface BatchApprovals {
  /**
   * Asks for a batch's approval (idempotent per subject). `{required: false}`: the merchant's own threshold (the
   * team's settings) lets it run without a checker.
   */
  requestApproval(input: {
    merchantId: string;
    kind: 'salary_batch';
    subjectId: string;
    amount: number;
    maker: string;
  }): Promise<{ required: boolean } | void>;
  /** The decision on a subject, `null` when none was asked. */
  decision(kind: 'salary_batch', subjectId: string): Promise<ApprovalDecision | null>;
}
