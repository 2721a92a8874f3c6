/** Maker-checker in memory: the twin of the MongoDB store (the first insert of an approval or decision stands). */
import type { InsertResult } from '../../domain/ledger/ledgerStore';
import type {
  ApprovalDecision,
  ApprovalStore,
  MerchantSettings,
  PendingApproval,
} from '../../domain/merchants/team/approval';
import { roundTrip, Table } from './table';

export class MemoryApprovalStore implements ApprovalStore {
  private readonly settings = new Table<MerchantSettings>();
  private readonly approvals = new Table<PendingApproval>();
  private readonly decisions = new Table<ApprovalDecision>();

  async getSettings(merchantId: string): Promise<MerchantSettings | null> {
    await roundTrip();
    return this.settings.get(merchantId);
  }

  async putSettings(settings: MerchantSettings): Promise<void> {
    await roundTrip();
    this.settings.put(settings);
  }

  async insertApproval(approval: PendingApproval): Promise<InsertResult> {
    await roundTrip();
    return this.approvals.insert(approval);
  }

  async getApproval(id: string): Promise<PendingApproval | null> {
    await roundTrip();
    return this.approvals.get(id);
  }

  async approvalsOf(merchantId: string): Promise<PendingApproval[]> {
    await roundTrip();
    return this.approvals.find((a) => a.merchantId === merchantId);
  }

  async insertDecision(decision: ApprovalDecision): Promise<InsertResult> {
    await roundTrip();
    return this.decisions.insert(decision);
  }

  async getDecision(id: string): Promise<ApprovalDecision | null> {
    await roundTrip();
    return this.decisions.get(id);
  }
}
