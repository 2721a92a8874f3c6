/**
 * Operations: what a person reads in their history. The ledger records a transfer as several entries (a debit,
 * credit legs, the resolution of a hold, a give-back); a person thinks of it as one thing they did or that
 * happened to them, with an amount, maybe a fee, someone on the other side and a status. This file turns one
 * transfer, seen from one account, into that one operation. Pure: no I/O.
 */
import { accountIds, RAILS, type AccountId, type Rail } from './ledger/accounts';
import { transferFacts, type TransferFacts } from './ledger/transferFacts';
import type { Transfer, TransferState } from './ledger/transfers';
import { francs, type Francs } from './money';
import { shortReferenceOf } from './shortReference';

/** What the operation was, from the person's side. `claim`: money sent to a number that has not collected it yet. */
export type OperationKind = 'sent' | 'received' | 'topup' | 'withdrawal' | 'bill' | 'merchant' | 'refund' | 'claim';

/**
 * Where the operation stands. `failed`: a hold was released (a withdrawal or top-up the rail did not complete, an
 * unclaimed sum returned), so nothing moved. `refused`: the ledger refused it, and any money taken was given back.
 */
export type OperationStatus = 'completed' | 'pending' | 'failed' | 'refused';

/** Who or what is on the other side. A wallet is a person's number; system accounts name a rail or a biller. */
export type Counterparty =
  | { type: 'wallet'; msisdn: string }
  | { type: 'merchant'; merchantId: string }
  | { type: 'rail'; rail: Rail }
  | { type: 'biller'; billerId: string }
  /** Money parked for someone who has no wallet yet; `msisdn` is that person when the transfer's memo names it. */
  | { type: 'claim'; msisdn: string | null }
  | { type: 'system'; accountId: AccountId };

/** One transfer as one person sees it. */
export interface Operation {
  /** The transfer id. */
  reference: string;
  /**
   * What a person reads and quotes (domain/shortReference.ts): the one the transfer was given, or, for a transfer
   * recorded without one (before short references, or a kind that reserves none), its first derivation, which every
   * display computes alike.
   */
  shortReference: string;
  /** When it started for this person (their first entry of it). */
  at: Date;
  kind: OperationKind;
  /** Whether money went out of (or was held on) the account, or came in. */
  direction: 'in' | 'out';
  counterparty: Counterparty;
  /** The amount itself, without the fee when the person paid a fee. */
  amount: Francs;
  /** The fee this person paid on it; 0 when none or when someone else paid it. */
  fee: Francs;
  status: OperationStatus;
  /** The ledger's reason for a refusal (e.g. `RECIPIENT_LIMIT_BALANCE`), for a precise message; else null. */
  reason: string | null;
}

/** Tells which accounts hold money waiting for someone to claim it. */
export type ClaimAccountTest = (account: AccountId) => boolean;

/**
 * Default: the suspense account and any `system:claim…` account. Money for a number without a wallet has to wait
 * somewhere that is nobody's wallet, and those are the system accounts meant for it.
 */
export const isClaimAccountByDefault: ClaimAccountTest = (account) =>
  account === accountIds.suspense || account.startsWith('system:claim');

const STATUS_OF: Record<TransferState, OperationStatus> = {
  received: 'pending',
  held: 'pending',
  // A person must still decide it; to the customer it is simply not finished.
  needs_review: 'pending',
  posted: 'completed',
  voided: 'failed',
  expired: 'failed',
  rejected: 'refused',
};

/** The status a person sees for a transfer in this state. */
export function operationStatus(state: TransferState): OperationStatus {
  return STATUS_OF[state];
}

/**
 * The operation a transfer is for `account`, or null when the account takes no part in it. Amounts: the payer
 * sees what they paid with the fee apart; a recipient sees what they got (and the fee, if the fee was theirs).
 */
export function operationOf(
  transfer: Transfer,
  account: AccountId,
  at: Date,
  isClaimAccount: ClaimAccountTest = isClaimAccountByDefault,
): Operation | null {
  const facts = transferFacts(transfer, account);
  return facts && operationFromFacts(transfer._id, facts, at, transfer, isClaimAccount);
}

/** The operation a transfer is for one account, from the facts its entry there carries and where it stands. */
export function operationFromFacts(
  reference: string,
  facts: TransferFacts,
  at: Date,
  standing: { state: TransferState; reason: string | null },
  isClaimAccount: ClaimAccountTest = isClaimAccountByDefault,
): Operation {
  const counterparty = counterpartyOf(facts.other, facts.memo ?? null, isClaimAccount);
  return {
    reference,
    shortReference: shortReferenceOf({ _id: reference, shortReference: facts.shortReference }),
    at,
    kind: kindOf(facts, standing.state, counterparty),
    direction: facts.direction,
    counterparty,
    amount: francs(facts.amount),
    fee: francs(facts.fee),
    status: operationStatus(standing.state),
    reason: standing.state === 'rejected' ? standing.reason : null,
  };
}

function kindOf(facts: TransferFacts, state: TransferState, counterparty: Counterparty): OperationKind {
  switch (facts.kind) {
    case 'p2p':
      if (facts.direction === 'in') return 'received';
      // A pending person-to-person transfer only exists to wait for its recipient; once posted it was collected.
      if (counterparty.type === 'claim') return 'claim';
      return facts.mode === 'pending' && state !== 'posted' ? 'claim' : 'sent';
    case 'topup':
      return 'topup';
    case 'withdraw':
    case 'payout':
      return 'withdrawal';
    case 'bill':
      return 'bill';
    case 'merchant':
      return 'merchant';
    case 'refund':
      return 'refund';
  }
}

const WALLET = 'wallet:';
const MERCHANT = 'merchant:';
const CLEARING = 'system:clearing:';
const PAYABLE = 'system:payable:';
/** A Cameroonian number written anywhere in a memo, e.g. `claim:237677123456`. */
const MEMO_MSISDN = /(?:^|\D)(237[0-9]{9})(?!\d)/;

/** Names the account on the other side of a transfer. */
export function counterpartyOf(
  account: AccountId,
  memo: string | null = null,
  isClaimAccount: ClaimAccountTest = isClaimAccountByDefault,
): Counterparty {
  if (account.startsWith(WALLET)) return { type: 'wallet', msisdn: account.slice(WALLET.length) };
  if (account.startsWith(MERCHANT)) return { type: 'merchant', merchantId: account.slice(MERCHANT.length) };
  if (account.startsWith(CLEARING)) {
    const rail = account.slice(CLEARING.length);
    if ((RAILS as readonly string[]).includes(rail)) return { type: 'rail', rail: rail as Rail };
  }
  if (account.startsWith(PAYABLE)) return { type: 'biller', billerId: account.slice(PAYABLE.length) };
  if (isClaimAccount(account)) return { type: 'claim', msisdn: MEMO_MSISDN.exec(memo ?? '')?.[1] ?? null };
  return { type: 'system', accountId: account };
}
