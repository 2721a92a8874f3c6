/**
 * Bill payments' records in memory: the twin of the MongoDB store. Intents, collect decisions and outcomes are
 * insert-once by the payment's transfer id (the first stands); open markers are the reconciler's work list.
 */
import type {
  BillPaymentIntent,
  BillPaymentOutcome,
  BillPaymentStore,
  CollectDecision,
  OpenBillPayment,
} from '../../domain/billPayments';
import type { InsertResult } from '../../domain/ledger/store';
import { roundTrip, Table } from './table';

export class MemoryBillPaymentStore implements BillPaymentStore {
  private readonly intents = new Table<BillPaymentIntent>();
  private readonly decisions = new Table<CollectDecision>();
  private readonly outcomes = new Table<BillPaymentOutcome>();
  private readonly openPayments = new Table<OpenBillPayment>();

  async insertIntent(intent: BillPaymentIntent): Promise<InsertResult> {
    await roundTrip();
    return this.intents.insert(intent);
  }

  async getIntent(id: string): Promise<BillPaymentIntent | null> {
    await roundTrip();
    return this.intents.get(id);
  }

  async decideCollect(decision: CollectDecision): Promise<CollectDecision> {
    await roundTrip();
    this.decisions.insert(decision);
    return this.decisions.get(decision._id)!;
  }

  async getDecision(id: string): Promise<CollectDecision | null> {
    await roundTrip();
    return this.decisions.get(id);
  }

  async recordOutcome(outcome: BillPaymentOutcome): Promise<BillPaymentOutcome> {
    await roundTrip();
    this.outcomes.insert(outcome);
    return this.outcomes.get(outcome._id)!;
  }

  async getOutcome(id: string): Promise<BillPaymentOutcome | null> {
    await roundTrip();
    return this.outcomes.get(id);
  }

  async open(id: string, at: Date): Promise<void> {
    await roundTrip();
    this.openPayments.insert({ _id: id, openedAt: at });
  }

  async close(id: string): Promise<void> {
    await roundTrip();
    this.openPayments.delete(id);
  }

  async findOpen(limit: number): Promise<OpenBillPayment[]> {
    await roundTrip();
    return this.openPayments.find(undefined, limit);
  }
}
