/**
 * Withdrawals: money out to a mobile-money account. The wallet's amount and fee are held first; only then is the
 * rail asked to pay the amount out. The hold is posted when the rail confirms, released when it fails, so the
 * money is never both paid out and spendable.
 */
import { accountIds, type Rail } from './ledger/accounts';
import type { TransferRequest } from './ledger/transfers';
import { quote, type Operation, type Quote } from './fees';
import { francs, isFrancs } from './money';
import type { Msisdn } from './phone';
import type { RailPaymentRecord } from './railPayments/railPaymentsStore';
import type { RailPayments } from './railPayments/railPayments';
import type { RailPaymentStart } from './railPayments/railPaymentResults';

/** A withdrawal as the conversation asks for it; `id` is its idempotency key, chosen before the call. */
export interface WithdrawalRequest {
  id: string;
  /** The wallet owner, who is debited and told how it ended. */
  owner: Msisdn;
  rail: Rail;
  /** Who the rail pays (often the owner's own mobile-money account). */
  payee: Msisdn;
  /** What the payee receives; the wallet pays this plus the fee. */
  amount: number;
}

/** Cards cannot be paid out to: only the mobile-money rails have a withdrawal schedule. */
const WITHDRAWAL_OPERATIONS: Partial<Record<Rail, Operation>> = {
  mtn_momo: 'withdraw_momo',
  orange_money: 'withdraw_om',
};

/** The ledger transfer id (and the rail's reference) of a withdrawal. */
export function withdrawalReference(id: string): string {
  return `withdraw:${id}`;
}

const ID = /^[A-Za-z0-9_\-.]{1,150}$/;

/** Starts withdrawals: holds the wallet's total, asks the rail to pay out, and lets RailPayments finish them. */
export class Withdrawals {
  constructor(private readonly payments: RailPayments) {}

  /** The fee and the total the wallet pays for `amount`; null when the rail pays out nothing or the amount is bad. */
  quote(rail: Rail, amount: number): Quote | null {
    const operation = WITHDRAWAL_OPERATIONS[rail];
    if (!operation || !isFrancs(amount) || amount <= 0) return null;
    try {
      return quote(this.payments.fees[operation], francs(amount));
    } catch {
      return null; // beyond the largest amount the product accepts
    }
  }

  /**
   * Holds amount + fee on the wallet (wallet → rail clearing amount, fees fee), then asks the rail to pay the
   * amount out with the transfer id as reference. A refused hold holds nothing; a rail that refuses at once
   * releases the hold. Idempotent under `id`.
   */
  async start(request: WithdrawalRequest): Promise<RailPaymentStart> {
    if (!ID.test(request.id)) throw new RangeError('a withdrawal id is 1 to 150 letters, digits, _ - or .');
    if (!WITHDRAWAL_OPERATIONS[request.rail]) return { ok: false, reason: 'UNSUPPORTED_RAIL' };
    const priced = this.quote(request.rail, request.amount);
    if (!priced) return { ok: false, reason: 'INVALID_AMOUNT' };
    const record: RailPaymentRecord = {
      _id: withdrawalReference(request.id),
      direction: 'payout',
      rail: request.rail,
      owner: request.owner,
      counterparty: request.payee,
      amount: priced.amount,
      fee: priced.fee,
      createdAt: this.payments.clock(),
    };
    return this.payments.begin({ record, quote: priced, hold: withdrawalHold, railAmount: priced.amount });
  }
}

function withdrawalHold(record: RailPaymentRecord, expiresAt: Date): TransferRequest {
  return {
    id: record._id,
    kind: 'withdraw',
    debit: accountIds.wallet(record.owner),
    credits: [
      { account: accountIds.clearing(record.rail), amount: record.amount },
      ...(record.fee > 0 ? [{ account: accountIds.fees, amount: record.fee }] : []),
    ],
    mode: 'pending',
    expiresAt,
    rail: record.rail,
  };
}
