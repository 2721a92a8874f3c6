/**
 * The merchants' salary batches, wired: their MongoDB store, the service, the runner (its worker is started by
 * startWorkers) listening to RailPayments for the end of each line's payout, and the approvals they wait for.
 */
import { hostname } from 'node:os';
import type { Connection } from 'mongoose';
import type { MerchantEventRecorder } from '../../domain/merchants/merchantEvent';
import type { MerchantStore } from '../../domain/merchants/merchantStore';
import type { BatchApprovals } from '../../domain/merchants/salaries/batchApprovals';
import { SalaryBatches } from '../../domain/merchants/salaries/salaryBatches';
import { SalaryRunner } from '../../domain/merchants/salaries/salaryRunner';
import type { Approvals } from '../../domain/merchants/team/approvals';
import type { Notifier } from '../../domain/notifier';
import type { RailPayments } from '../../domain/railPayments/railPayments';
import { ensureSalaryBatchIndexes, MongoSalaryBatchStore } from '../../integrations/mongo/salaryBatchStore';

/**
 * The team's maker-checker approvals as the salary batches ask them: the merchant's own threshold (set by its owner)
 * decides whether a batch waits for a second person; none asked is `null` to the batches.
 */
export function teamBatchApprovals(approvals: Approvals): BatchApprovals {
  return {
    requestApproval: async (input) => {
      const asked = await approvals.requestApproval(input);
      return { required: asked.required };
    },
    decision: async (kind, subjectId) => {
      const decided = await approvals.decision(kind, subjectId);
      return decided === 'not_required' ? null : decided;
    },
  };
}

export interface SalaryServices {
  salaryBatches: SalaryBatches;
  salaryRunner: SalaryRunner;
}

/** Builds the salary batches' service and runner on a connection (indexes awaited). */
export async function createSalaryServices(
  connection: Connection,
  parts: {
    merchantStore: MerchantStore;
    railPayments: RailPayments;
    events: MerchantEventRecorder;
    notifier: Notifier;
    /** The team's approvals: every batch is asked of them, and the merchant's threshold decides. */
    approvals: Approvals;
    clock?: () => Date;
  },
): Promise<SalaryServices> {
  await ensureSalaryBatchIndexes(connection);
  const clock = parts.clock;
  const salaryBatches = new SalaryBatches({
    store: new MongoSalaryBatchStore(connection),
    merchantStore: parts.merchantStore,
    approvals: teamBatchApprovals(parts.approvals),
    // The merchant's own threshold (the team's settings) decides, not one of the batches'.
    approvalThreshold: 0,
    ...(clock ? { clock } : {}),
  });
  const salaryRunner = new SalaryRunner({
    batches: salaryBatches,
    railPayments: parts.railPayments,
    merchantStore: parts.merchantStore,
    events: parts.events,
    notifier: parts.notifier,
    worker: `${hostname()}:${process.pid}`,
    ...(clock ? { clock } : {}),
  });
  parts.railPayments.whenFinished((record) => salaryRunner.onPayoutFinished(record));
  return { salaryBatches, salaryRunner };
}
