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
import type { Notifier } from '../../domain/notifier';
import type { RailPayments } from '../../domain/railPayments/railPayments';
import { ensureSalaryBatchIndexes, MongoSalaryBatchStore } from '../../integrations/mongo/salaryBatchStore';

/**
 * Until the team's approvals are wired: nobody can approve, so a batch above the threshold waits (never paid
 * without a checker). Below the threshold batches run at once.
 */
export const NO_CHECKER_YET: BatchApprovals = {
  requestApproval: async () => undefined,
  decision: async () => 'pending',
};

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
    approvals?: BatchApprovals;
    clock?: () => Date;
  },
): Promise<SalaryServices> {
  await ensureSalaryBatchIndexes(connection);
  const clock = parts.clock;
  const salaryBatches = new SalaryBatches({
    store: new MongoSalaryBatchStore(connection),
    merchantStore: parts.merchantStore,
    approvals: parts.approvals ?? NO_CHECKER_YET,
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
