/**
 * Port: the merchant team's approvals (maker and checker), as payouts ask them. `requestApproval` says whether
 * a payout needs a second person's approval (and records the request when it does; idempotent by subject);
 * `decision` says what the checker decided, null while undecided.
 */
import type { Msisdn } from '../../phone';

/** The answer to an approval request: whether the payout waits for a checker. */
export interface ApprovalRequirement {
  required: boolean;
}

export type ApprovalDecision = 'approved' | 'rejected';

export interface PayoutApprovals {
  requestApproval(input: {
    merchantId: string;
    kind: 'payout';
    subjectId: string;
    amount: number;
    maker: Msisdn;
  }): Promise<ApprovalRequirement>;
  decision(kind: 'payout', subjectId: string): Promise<ApprovalDecision | null>;
}

/** No team rules: nothing needs approval (a merchant alone, or before the team module is wired). */
export const noApprovals: PayoutApprovals = {
  requestApproval: async () => ({ required: false }),
  decision: async () => null,
};
