/**
 * Transfers: the intent journal. A transfer is created with an id the caller chose before anything was sent
 * anywhere; that id is the idempotency key. Its `state` is a cache of what its entries say.
 */
import { createHash } from 'node:crypto';
import { accountIds, type AccountId, type Rail } from './accounts';

export const TRANSFER_KINDS = ['p2p', 'topup', 'withdraw', 'bill', 'merchant', 'payout', 'refund'] as const;
export type TransferKind = (typeof TRANSFER_KINDS)[number];

export type TransferMode = 'single' | 'pending';

export type OnExpiry = 'release' | 'review';

/**
 * `received`: recorded, not decided yet. `posted`: money moved. `held`: a pending transfer whose debit is held.
 * `voided` / `expired`: a hold released. `rejected`: refused (funds, limits), forever. `needs_review`: a hold whose
 * outcome outside the ledger stayed unknown past its horizon, or came after its expiry; a person must decide.
 */
export type TransferState = 'received' | 'posted' | 'held' | 'voided' | 'expired' | 'rejected' | 'needs_review';

export const FINAL_STATES: ReadonlySet<TransferState> = new Set(['posted', 'voided', 'expired', 'rejected']);

/** Whether a transfer's state is final: nothing will ever change it again. */
export function isFinal(state: TransferState): boolean {
  return FINAL_STATES.has(state);
}

export interface CreditLeg {
  account: AccountId;
  amount: number;
}

/** What a caller asks the ledger to do. The debit account pays the sum of the credit legs (amount and fee). */
export interface TransferRequest {
  id: string;
  kind: TransferKind;
  debit: AccountId;
  credits: CreditLeg[];
  mode: TransferMode;
  /** Pending transfers only: a hold that is not posted by then can only be voided. */
  expiresAt?: Date;
  /** The rail that completes a pending transfer, asked by recovery when the outcome is unknown. */
  rail?: Rail;
  /**
   * What a hold's expiry does when it comes unresolved (pending transfers only). `release` (the default without a
   * rail): the money goes back, and a late post loses. `review` (always with a rail; the bill aggregator): the
   * money may already have moved outside the ledger, so the hold is never released by the clock: a late post is
   * refused and leaves it held, and recovery hands it to a person.
   */
  onExpiry?: OnExpiry;
  /** For refunds: the transfer being reversed. */
  refundOf?: string;
  memo?: string;
  /**
   * The operation's short reference (domain/shortReference.ts), reserved before the transfer is asked for. Kept on
   * the transfer so its entries carry it (transferFacts.ts) and every display reads it without another lookup.
   */
  shortReference?: string;
}

export interface Transfer {
  _id: string;
  requestHash: string;
  kind: TransferKind;
  debit: AccountId;
  credits: CreditLeg[];
  total: number;
  mode: TransferMode;
  expiresAt: Date | null;
  rail: Rail | null;
  onExpiry: OnExpiry;
  refundOf: string | null;
  memo: string | null;
  /** Present when the transfer was given one (transfers recorded before short references existed have none). */
  shortReference?: string;
  state: TransferState;
  reason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A hash of everything that defines the transfer: the same id with other fields is a conflict. */
export function requestHash(r: TransferRequest): string {
  const canonical = JSON.stringify([
    r.kind,
    r.debit,
    r.credits.map((leg) => [leg.account, leg.amount]),
    r.mode,
    r.expiresAt ? r.expiresAt.toISOString() : null,
    r.rail ?? null,
    r.refundOf ?? null,
    r.memo ?? null,
    // Only when asked for, so the hashes of transfers recorded before this field existed stay the same.
    ...(r.onExpiry === undefined ? [] : [r.onExpiry]),
    // Likewise: only when given, so transfers without one keep their hash.
    ...(r.shortReference === undefined ? [] : [{ shortReference: r.shortReference }]),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

export function newTransfer(r: TransferRequest, at: Date): Transfer {
  return {
    _id: r.id,
    requestHash: requestHash(r),
    kind: r.kind,
    debit: r.debit,
    credits: r.credits.map((leg) => ({ account: leg.account, amount: leg.amount })),
    total: r.credits.reduce((sum, leg) => sum + leg.amount, 0),
    mode: r.mode,
    expiresAt: r.expiresAt ?? null,
    rail: r.rail ?? null,
    onExpiry: onExpiryOf(r.rail ?? null, r.onExpiry),
    refundOf: r.refundOf ?? null,
    memo: r.memo ?? null,
    ...(r.shortReference === undefined ? {} : { shortReference: r.shortReference }),
    state: 'received',
    reason: null,
    createdAt: at,
    updatedAt: at,
  };
}

/** A hold with a rail is always reviewed at its expiry; any other is released unless it asks for review. */
export function onExpiryOf(rail: Rail | null, asked: OnExpiry | undefined): OnExpiry {
  return rail !== null ? 'review' : (asked ?? 'release');
}

/**
 * A hold that brings money in through a rail (a top-up): the rail's clearing account pays. Once the rail says it
 * collected, the wallet is owed that money whatever the hold's clock says.
 */
export function collectsFromRail(transfer: Transfer): boolean {
  return transfer.rail !== null && transfer.debit === accountIds.clearing(transfer.rail);
}

/** Deterministic effect ids: each effect of a transfer can happen once, whoever drives it. */
export const effectIds = {
  debit: (transferId: string) => `${transferId}:debit`,
  credit: (transferId: string, leg: number) => `${transferId}:credit:${leg}`,
  /** A single transfer whose credit was refused gives the whole debit back to the payer under this id. */
  giveBack: (transferId: string) => `${transferId}:giveback`,
  resolveDebit: (transferId: string) => `${transferId}:resolve:debit`,
  resolveCredit: (transferId: string, leg: number) => `${transferId}:resolve:credit:${leg}`,
};

/** The id of refund `n` of a transfer (refunds of one transfer are numbered from 1, in order). */
export function refundId(originalId: string, n: number): string {
  return `refund:${originalId}:${n}`;
}

/**
 * The transfer that empties a closed wallet into the suspense account before the number's next owner gets it:
 * money that came back to it after it was closed (see Ledger.reopen). Named by the wallet and the position of
 * its chain's head, so processes reopening it at once move the same money once.
 */
export function leftoverTransferId(account: AccountId, headSeq: number): string {
  return `leftover:${account}:${headSeq}`;
}

/** Whether a transfer is such a sweep of a closed wallet, the one debit a closed wallet takes. */
export function isLeftoverSweep(transferId: string, debit: AccountId): boolean {
  return transferId.startsWith(`leftover:${debit}:`);
}

export type ResolutionOutcome = 'posted' | 'voided' | 'expired';

/**
 * Who confirmed a hold's outcome when the clock alone could not decide it: the rail (it collected the money, or
 * says it never will) or a person deciding a review. A confirmed outcome stands past the hold's expiry.
 */
export type Confirmation = 'rail' | 'review';

/** Insert-once record of how a pending transfer ended: the first insert wins, forever. */
export interface Resolution {
  _id: string;
  outcome: ResolutionOutcome;
  at: Date;
  /** Set when the outcome was confirmed from outside (a post past expiry needs it). */
  confirmedBy?: Confirmation;
}
