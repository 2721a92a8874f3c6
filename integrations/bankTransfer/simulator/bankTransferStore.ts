/**
 * What the simulated bank remembers, in the database (`sim_bank_transfers`), so a restart keeps its transfers. A
 * transfer's status is never updated: it is stored with how and when it ends and read against the clock. A repeated
 * reference is decided by the insert into the unique `_id`.
 */
import type { Connection, mongo } from 'mongoose';
import type { BankFailure } from '../../../domain/merchants/payouts/bankTransfers';
import { isDuplicateKeyError } from '../../mongo/insertBatcher';

/** A transfer as the bank accepted it. */
export interface SimulatedBankTransfer {
  /** The caller's reference (its idempotency key). */
  _id: string;
  /** The bank's own id. */
  transferId: string;
  amount: number;
  currency: string;
  bankCode: string;
  accountNumber: string;
  accountName: string;
  narration: string | null;
  /** How it ends: COMPLETED or FAILED at `settlesAt`; null `settlesAt`: stays PROCESSING. */
  outcome: 'COMPLETED' | 'FAILED';
  reason: BankFailure | null;
  settlesAt: Date | null;
  createdAt: Date;
}

/** The status the bank shows now: PENDING for the first half of the delay, PROCESSING until it settles. */
export function bankStatusAt(
  transfer: SimulatedBankTransfer,
  now: Date,
): { status: 'PENDING' | 'PROCESSING' | 'COMPLETED' | 'FAILED'; reason: BankFailure | null } {
  const elapsed = now.getTime() - transfer.createdAt.getTime();
  if (transfer.settlesAt === null || now.getTime() < transfer.settlesAt.getTime()) {
    const halfway = transfer.settlesAt === null ? 0 : (transfer.settlesAt.getTime() - transfer.createdAt.getTime()) / 2;
    return { status: elapsed < halfway ? 'PENDING' : 'PROCESSING', reason: null };
  }
  return { status: transfer.outcome, reason: transfer.reason };
}

type Doc = SimulatedBankTransfer & mongo.Document;

/** The simulated bank's transfers on one connection. */
export class BankTransferStore {
  readonly transfers: mongo.Collection<Doc>;

  constructor(connection: Connection) {
    this.transfers = connection.collection<Doc>('sim_bank_transfers');
  }

  /** Inserts the transfer, or returns the one already under its reference. */
  async insertOrGet(transfer: SimulatedBankTransfer): Promise<{ inserted: boolean; transfer: SimulatedBankTransfer }> {
    try {
      await this.transfers.insertOne({ ...transfer });
      return { inserted: true, transfer };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const standing = await this.get(transfer._id);
      if (!standing) throw new Error(`bank transfer ${transfer._id} duplicate but not found`);
      return { inserted: false, transfer: standing };
    }
  }

  async get(reference: string): Promise<SimulatedBankTransfer | null> {
    return this.transfers.findOne({ _id: reference });
  }

  async between(from: Date, to: Date): Promise<SimulatedBankTransfer[]> {
    return this.transfers.find({ createdAt: { $gte: from, $lt: to } }).toArray();
  }
}
