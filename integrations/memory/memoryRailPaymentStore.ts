/**
 * What top-ups and withdrawals keep beside the ledger, in memory: the twin of the MongoDB store. Records, dispatch
 * decisions and failure notes are insert-once by `_id` (the first stands); open markers are the reconciler's list.
 */
import type { InsertResult } from '../../domain/ledger/store';
import type {
  OpenRailPayment,
  RailDispatch,
  RailFailureNote,
  RailPaymentRecord,
  RailPaymentsStore,
} from '../../domain/railPaymentsStore';
import { roundTrip, Table } from './table';

export class MemoryRailPaymentStore implements RailPaymentsStore {
  private readonly records = new Table<RailPaymentRecord>();
  private readonly openPayments = new Table<OpenRailPayment>();
  private readonly dispatches = new Table<RailDispatch>();
  private readonly failures = new Table<RailFailureNote>();

  async insertRecord(record: RailPaymentRecord): Promise<InsertResult> {
    await roundTrip();
    return this.records.insert(record);
  }

  async getRecord(id: string): Promise<RailPaymentRecord | null> {
    await roundTrip();
    return this.records.get(id);
  }

  async open(id: string, at: Date): Promise<void> {
    await roundTrip();
    this.openPayments.insert({ _id: id, openedAt: at });
  }

  async close(id: string): Promise<void> {
    await roundTrip();
    this.openPayments.delete(id);
  }

  async findOpen(limit: number): Promise<OpenRailPayment[]> {
    await roundTrip();
    return this.openPayments.find(undefined, limit);
  }

  async decideDispatch(dispatch: RailDispatch): Promise<RailDispatch & { mine: boolean }> {
    await roundTrip();
    if (this.dispatches.insert(dispatch) === 'inserted') return { ...dispatch, mine: true };
    return { ...this.dispatches.get(dispatch._id)!, mine: false };
  }

  async getDispatch(id: string): Promise<RailDispatch | null> {
    await roundTrip();
    return this.dispatches.get(id);
  }

  async noteFailure(note: RailFailureNote): Promise<RailFailureNote> {
    await roundTrip();
    this.failures.insert(note);
    return this.failures.get(note._id)!;
  }

  async getFailure(id: string): Promise<RailFailureNote | null> {
    await roundTrip();
    return this.failures.get(id);
  }
}
