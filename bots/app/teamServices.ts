/**
 * Merchant teams in the product: members and invitations, cash points and their report, maker-checker approvals,
 * on their MongoDB stores. Built by createServices beside the other merchant services.
 */
import type { Connection } from 'mongoose';
import type { PayoutApprovals } from '../../domain/merchants/payouts/payoutApprovals';
import type { MerchantRequests } from '../../domain/merchants/merchantRequests';
import { Approvals } from '../../domain/merchants/team/approvals';
import { CashPoints } from '../../domain/merchants/team/cashPoints';
import { Team } from '../../domain/merchants/team/team';
import type { Notifier } from '../../domain/notifier';
import type { UserDirectory } from '../../domain/userDirectory';
import { ensureApprovalIndexes, MongoApprovalStore } from '../../integrations/mongo/approvalStore';
import { ensureCashPointIndexes, MongoCashPointStore } from '../../integrations/mongo/cashPointStore';
import { MongoMerchantStore } from '../../integrations/mongo/merchantStore';
import { ensureTeamIndexes, MongoTeamStore } from '../../integrations/mongo/teamStore';

/** The team services createServices adds to Services. */
export interface TeamServices {
  /** A merchant's team: invitations answered in chat, roles, removals, who acts for which merchant. */
  team: Team;
  /** A merchant's cash points, and the payments and report a member may see. */
  cashPoints: CashPoints;
  /** Maker-checker: the owner's threshold, approvals asked for by payouts and salary batches, decisions. */
  approvals: Approvals;
}

/** Builds the team services on the database (indexes first). */
export async function createTeamServices(
  connection: Connection,
  parts: { users: UserDirectory; notifier: Notifier; merchantRequests: MerchantRequests; clock?: () => Date },
): Promise<TeamServices> {
  await Promise.all([
    ensureTeamIndexes(connection),
    ensureCashPointIndexes(connection),
    ensureApprovalIndexes(connection),
  ]);
  const clock = parts.clock ?? (() => new Date());
  const cashPointStore = new MongoCashPointStore(connection);
  const team = new Team({
    store: new MongoTeamStore(connection),
    merchants: new MongoMerchantStore(connection),
    cashPoints: cashPointStore,
    users: parts.users,
    notifier: parts.notifier,
    clock,
  });
  return {
    team,
    cashPoints: new CashPoints({
      store: cashPointStore,
      team,
      payments: (merchantId) => parts.merchantRequests.all(merchantId),
      clock,
    }),
    approvals: new Approvals({ store: new MongoApprovalStore(connection), team, clock }),
  };
}

/**
 * The team's maker-checker approvals as payouts ask them: the merchant owner's threshold decides whether a payout
 * waits for a second person; a payout never asked (or below the threshold) has no decision (null).
 */
export function teamPayoutApprovals(approvals: Approvals): PayoutApprovals {
  return {
    requestApproval: async (input) => ({ required: (await approvals.requestApproval(input)).required }),
    decision: async (kind, subjectId) => {
      const decided = await approvals.decision(kind, subjectId);
      return decided === 'approved' || decided === 'rejected' ? decided : null;
    },
  };
}
