/**
 * The simulator's payments, in the database (collection `sim_notch_pay_payments`), so a checkout page still works
 * after a restart. A reference used twice is refused by the unique index on `merchantReference`, as Notch Pay
 * answers 409; the checkout page's id has its own unique index. Status changes are conditional updates (from a
 * given status): FerretDB v1 does not make them atomic, which only matters to a person clicking twice at once.
 */
import { randomBytes } from 'node:crypto';
import type { Collection, Connection } from 'mongoose';
import { isDuplicateKeyError } from '../../mongo/insertBatcher';

/** Statuses in which the payer may still pay. */
export const OPEN_STATUSES = ['pending', 'processing'] as const;

/** A payment as the simulator keeps it. */
export interface SimulatedNotchPayment {
  /** Notch Pay's reference, `trx.` and 24 characters. */
  _id: string;
  /** The merchant's reference, or ours when they sent none. */
  merchantReference: string;
  /** The secret part of the checkout page's address. */
  checkoutId: string;
  amount: number;
  currency: string;
  description: string | null;
  callback: string | null;
  customer: { id: string; name: string | null; email: string | null; phone: string | null };
  status: string;
  /** Only the brand and last four digits of the card used, never the number. */
  card?: { brand: string; last4: string };
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date;
  completedAt?: Date;
}

const COLLECTION = 'sim_notch_pay_payments';

/** A new Notch Pay-looking id: `prefix` and 24 letters and digits. */
export function notchId(prefix: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(24);
  let id = '';
  for (const byte of bytes) id += alphabet[byte % alphabet.length];
  return `${prefix}.${id}`;
}

/** The simulator's payments table. */
export class SimulatedPayments {
  private readonly rows: Collection<SimulatedNotchPayment>;

  constructor(connection: Connection) {
    this.rows = connection.collection<SimulatedNotchPayment>(
      COLLECTION,
    ) as unknown as Collection<SimulatedNotchPayment>;
  }

  async ensureIndexes(): Promise<void> {
    await this.rows.createIndex({ merchantReference: 1 }, { unique: true, name: 'merchantReference_unique' });
    await this.rows.createIndex({ checkoutId: 1 }, { unique: true, name: 'checkoutId_unique' });
  }

  /** Inserts a payment; false when its merchant reference is taken. */
  async insert(payment: SimulatedNotchPayment): Promise<boolean> {
    try {
      await this.rows.insertOne(payment);
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** By Notch Pay's reference or the merchant's. */
  async byReference(reference: string): Promise<SimulatedNotchPayment | null> {
    return (await this.rows.findOne({ _id: reference })) ?? (await this.rows.findOne({ merchantReference: reference }));
  }

  async byCheckoutId(checkoutId: string): Promise<SimulatedNotchPayment | null> {
    return this.rows.findOne({ checkoutId });
  }

  /**
   * Moves a payment from one of `from` to `to` (with `set`), and answers the payment after the change, or null
   * when it was no longer in one of `from`.
   */
  async transition(
    id: string,
    from: readonly string[],
    to: string,
    now: Date,
    set: Partial<SimulatedNotchPayment> = {},
  ): Promise<SimulatedNotchPayment | null> {
    const final = !(OPEN_STATUSES as readonly string[]).includes(to);
    const result = await this.rows.updateOne(
      { _id: id, status: { $in: [...from] } },
      { $set: { ...set, status: to, updatedAt: now, ...(final ? { completedAt: now } : {}) } },
    );
    if (result.modifiedCount !== 1) return null;
    return this.rows.findOne({ _id: id });
  }

  /** Payments created in [from, to) (the settlement report). */
  async createdBetween(from: Date, to: Date): Promise<SimulatedNotchPayment[]> {
    return this.rows.find({ createdAt: { $gte: from, $lt: to } }).toArray();
  }

  /** Open payments past their expiry, for the expiry sweep. */
  async overdue(now: Date): Promise<SimulatedNotchPayment[]> {
    return this.rows.find({ status: { $in: [...OPEN_STATUSES] }, expiresAt: { $lte: now } }).toArray();
  }
}
