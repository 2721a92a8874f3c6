/**
 * What the Notch Pay rail remembers per payment, on MongoDB or FerretDB (collection `notch_pay_references`):
 * which reference Notch Pay got for our transfer (the short one, or the transfer id when the short one is taken),
 * Notch Pay's own reference (`trx.…`) and the checkout page. The rail is asked `status` by transfer id, and
 * Notch Pay knows neither our transfer id nor, surely, retrieval by our reference: this is the bridge.
 *
 * Each transfer's row is an insert decided by `_id`; a short reference that two transfers share is decided by the
 * unique index on `merchantReference` (the second takes its full id instead), so Notch Pay never confuses two
 * payments.
 */
import { createHash } from 'node:crypto';
import type { Collection, Connection } from 'mongoose';
import { isDuplicateKeyError } from '../mongo/insertBatcher';

/**
 * The characters and length we send as a Notch Pay reference. Notch Pay documents none; its examples use
 * letters, digits, `_`, `-` and `.`. Our short references (8 characters) fit.
 */
export const NOTCH_REFERENCE = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * The reference Notch Pay gets when the short one cannot be used: the transfer id itself when Notch Pay takes it;
 * otherwise (a ledger id such as `topup:<uuid>` has a colon) its other characters made `-`, and past 64 characters
 * cut with a hash of the whole id, the same every time. The rows map it back, so it need not be reversible.
 */
export function fullMerchantReference(reference: string): string {
  if (NOTCH_REFERENCE.test(reference)) return reference;
  const safe = reference.replace(/[^A-Za-z0-9_.-]/g, '-');
  if (safe.length > 0 && safe.length <= 64) return safe;
  return `${safe.slice(0, 55)}-${createHash('sha256').update(reference).digest('hex').slice(0, 8)}`;
}

/** One payment asked of Notch Pay. */
export interface NotchPayReference {
  /** Our reference (the ledger transfer id). */
  _id: string;
  /** The `reference` sent to Notch Pay. */
  merchantReference: string;
  /** Notch Pay's reference (`trx.…`), once it answered. */
  notchReference?: string;
  /** The hosted checkout page, once known. */
  authorizationUrl?: string;
  createdAt: Date;
}

const COLLECTION = 'notch_pay_references';

/** The references the Notch Pay rail has asked for. */
export class NotchPayReferences {
  private readonly rows: Collection<NotchPayReference>;

  constructor(connection: Connection) {
    this.rows = connection.collection<NotchPayReference>(COLLECTION) as unknown as Collection<NotchPayReference>;
  }

  /** Creates the unique index on the merchant reference before any traffic (idempotent). */
  async ensureIndexes(): Promise<void> {
    await this.rows.createIndex({ merchantReference: 1 }, { unique: true, name: 'merchantReference_unique' });
  }

  async get(reference: string): Promise<NotchPayReference | null> {
    return this.rows.findOne({ _id: reference });
  }

  /**
   * Our reference (the transfer id) for the reference Notch Pay got (maybe the short one), as a webhook names
   * it; undefined when this rail never sent it.
   */
  async transferOf(merchantReference: string): Promise<string | undefined> {
    const row = await this.rows.findOne({ merchantReference });
    return row?._id;
  }

  /**
   * The row for `reference`: the existing one, or a new one sending `wanted` to Notch Pay, or, when another
   * transfer already sent `wanted`, one sending `reference` itself.
   */
  async claim(reference: string, wanted: string, now: Date): Promise<NotchPayReference> {
    const full = fullMerchantReference(reference);
    for (const merchantReference of wanted === full ? [full] : [wanted, full]) {
      try {
        const row = { _id: reference, merchantReference, createdAt: now };
        await this.rows.insertOne(row);
        return row;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        const existing = await this.get(reference);
        if (existing) return existing;
        // Another transfer holds this merchant reference: try the next one.
      }
    }
    throw new Error(`Notch Pay reference ${reference} is taken by another payment`);
  }

  /** Records Notch Pay's answer (the same values whoever writes them). */
  async noteInitialized(reference: string, notchReference: string, authorizationUrl?: string): Promise<void> {
    await this.rows.updateOne(
      { _id: reference },
      { $set: { notchReference, ...(authorizationUrl === undefined ? {} : { authorizationUrl }) } },
    );
  }

  /** Sends `reference` itself from now on (the short one turned out to belong to a payment made elsewhere). */
  async useFullReference(reference: string): Promise<NotchPayReference> {
    await this.rows.updateOne({ _id: reference }, { $set: { merchantReference: fullMerchantReference(reference) } });
    const row = await this.get(reference);
    if (!row) throw new Error(`Notch Pay reference ${reference} vanished`);
    return row;
  }
}
