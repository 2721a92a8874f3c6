/**
 * Top-ups: money in from MTN MoMo, Orange Money or a card. The rail collects the amount and its fee from the
 * payer; the wallet gets the amount once the rail confirms. Until then the amount is a pending credit on the
 * wallet, which counts against its KYC maximum balance (the ledger refuses a top-up that could take it over).
 *
 * A top-up from another number makes the operator prompt a phone that is not the person's: the prompt names who
 * is asking (their registered name and number, `payerMessage`), and a person may prompt only a few other numbers
 * a day (otherPayers.ts). The conversation asks their PIN before such a top-up.
 */
import { accountIds, type Rail } from './ledger/accounts';
import type { TransferRequest } from './ledger/transfers';
import { quote, type Operation, type Quote } from './fees';
import { francs, isFrancs } from './money';
import type { OtherPayerLimit } from './otherPayers';
import type { Msisdn } from './phone';
import type { RailPaymentRecord } from './railPayments/railPaymentsStore';
import type { RailPaymentRefusal, RailPaymentStart } from './railPayments/railPaymentResults';
import type { RailPayments } from './railPayments/railPayments';
import type { UserDirectory } from './userDirectory';
import type { UserProfile } from './users';

/** A top-up as the conversation asks for it; `id` is its idempotency key, chosen before the call. */
export interface TopUpRequest {
  id: string;
  /** The wallet owner, who is credited and told how it ended. */
  owner: Msisdn;
  rail: Rail;
  /** Who pays on the rail (often the owner, maybe a relative). */
  payer: Msisdn;
  /** What the wallet receives; the payer pays this plus the fee. */
  amount: number;
}

/** Why a top-up did not start: the rail payments' reasons, or too many other numbers prompted today. */
export type TopUpRefusal = RailPaymentRefusal | 'OTHER_NUMBERS_LIMIT';

export type TopUpStart = RailPaymentStart | { ok: false; reason: 'OTHER_NUMBERS_LIMIT' };

/** What the payer's prompt says, from the wallet owner as registered (null: not found) and what the payer pays. */
export type PayerMessage = (owner: { msisdn: Msisdn; profile: UserProfile | null }, total: number) => string;

export interface TopUpsOptions {
  /** Where the owner's registered name is read, for the payer's prompt. */
  users: UserDirectory;
  /** The other numbers a person may top up from today. */
  otherPayers: OtherPayerLimit;
  payerMessage: PayerMessage;
}

/** Bank transfers only pay out: a top-up by bank has no schedule, so it is never quoted. */
const TOP_UP_OPERATIONS: Partial<Record<Rail, Operation>> = {
  mtn_momo: 'topup_momo',
  orange_money: 'topup_om',
  card: 'topup_card',
};

/** The ledger transfer id (and the rail's reference) of a top-up. */
export function topUpReference(id: string): string {
  return `topup:${id}`;
}

const ID = /^[A-Za-z0-9_\-.]{1,150}$/;

/** Starts top-ups: holds nothing spendable, asks the rail to collect, and lets RailPayments finish them. */
export class TopUps {
  constructor(
    private readonly payments: RailPayments,
    private readonly options: TopUpsOptions,
  ) {}

  /** The fee and total the payer would pay for `amount`; null for an amount that cannot be topped up. */
  quote(rail: Rail, amount: number): Quote | null {
    const operation = TOP_UP_OPERATIONS[rail];
    if (!operation || !isFrancs(amount) || amount <= 0) return null;
    try {
      return quote(this.payments.fees[operation], francs(amount));
    } catch {
      return null; // beyond the largest amount the product accepts
    }
  }

  /**
   * Records the top-up as a pending transfer (rail clearing → wallet amount, fees fee), then asks the rail to
   * collect amount + fee with the transfer id as reference. Idempotent under `id`.
   */
  async start(request: TopUpRequest): Promise<TopUpStart> {
    if (!ID.test(request.id)) throw new RangeError('a top-up id is 1 to 150 letters, digits, _ - or .');
    const priced = this.quote(request.rail, request.amount);
    if (!priced) return { ok: false, reason: 'INVALID_AMOUNT' };
    // A retry of a top-up already recorded was admitted then (maybe another day): it only finishes what began.
    if (
      request.payer !== request.owner &&
      !(await this.payments.store.getRecord(topUpReference(request.id))) &&
      !(await this.options.otherPayers.admit(request.owner, request.payer))
    ) {
      return { ok: false, reason: 'OTHER_NUMBERS_LIMIT' };
    }
    const profile = await this.options.users.find(request.owner);
    const record: RailPaymentRecord = {
      _id: topUpReference(request.id),
      direction: 'collect',
      rail: request.rail,
      owner: request.owner,
      counterparty: request.payer,
      amount: priced.amount,
      fee: priced.fee,
      createdAt: this.payments.clock(),
    };
    return this.payments.begin({
      record,
      quote: priced,
      hold: topUpHold,
      railAmount: priced.total,
      payerMessage: this.options.payerMessage({ msisdn: request.owner, profile }, priced.total),
      payeeNote: request.owner,
    });
  }
}

/** The wallet's credit comes first: it is the leg the ledger may refuse (maximum balance). */
function topUpHold(record: RailPaymentRecord, expiresAt: Date): TransferRequest {
  return {
    id: record._id,
    kind: 'topup',
    debit: accountIds.clearing(record.rail),
    credits: [
      { account: accountIds.wallet(record.owner), amount: record.amount },
      ...(record.fee > 0 ? [{ account: accountIds.fees, amount: record.fee }] : []),
    ],
    mode: 'pending',
    expiresAt,
    rail: record.rail,
  };
}
