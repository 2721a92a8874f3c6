/**
 * What one account's history needs to know of a transfer, copied onto the entries the transfer leaves on that
 * account: the figures as that account sees them onto the entry that opens it there (its debit or hold, or its
 * first credit leg), and the outcome onto the entry that closes it there (a hold's resolution, a give-back). A
 * page of history then reads entries only, never each transfer. Pure: no I/O.
 */
import { accountIds, type AccountId } from './accounts';
import type { Transfer, TransferKind, TransferMode, TransferState } from './transfers';

/** A transfer as one account takes part in it. */
export interface TransferFacts {
  kind: TransferKind;
  mode: TransferMode;
  direction: 'in' | 'out';
  /** The account on the other side: the first credit that is not a fee for the payer, the payer for the others. */
  other: AccountId;
  /** What the account paid without the fee, or what it got (all its legs together). */
  amount: number;
  /** The fee the account paid (or, for kinds whose payee pays it, the fee taken from what it got); else 0. */
  fee: number;
  /** The first credit leg to this account: a transfer crediting one account in several legs opens once there. */
  leg: number | null;
  memo?: string;
  /** The transfer's short reference, so a history line shows it without reading the transfer. */
  shortReference?: string;
}

/** How a transfer ended for the account, recorded on the entry that closed it there. */
export interface TransferOutcome {
  state: Extract<TransferState, 'posted' | 'voided' | 'expired' | 'rejected'>;
  reason: string | null;
}

/** Kinds whose payee pays the fee leg: merchants pay theirs, top-ups are paid through the rail. */
const FEE_PAID_BY_PAYEE: ReadonlySet<TransferKind> = new Set(['merchant', 'topup']);

/** The transfer as `account` takes part in it, or null when it takes no part. */
export function transferFacts(transfer: Transfer, account: AccountId): TransferFacts | null {
  const out = transfer.debit === account;
  const leg = transfer.credits.findIndex((credit) => credit.account === account);
  if (!out && leg < 0) return null;
  const feeLegs = sum(transfer.credits.filter((credit) => credit.account === accountIds.fees));
  const payeePaysFee = FEE_PAID_BY_PAYEE.has(transfer.kind);
  const fee = out ? (payeePaysFee ? 0 : feeLegs) : payeePaysFee && account !== accountIds.fees ? feeLegs : 0;
  const amount = out ? transfer.total - fee : sum(transfer.credits.filter((credit) => credit.account === account));
  const other = out
    ? (transfer.credits.find((credit) => credit.account !== accountIds.fees) ?? transfer.credits[0]!).account
    : transfer.debit;
  return {
    kind: transfer.kind,
    mode: transfer.mode,
    direction: out ? 'out' : 'in',
    other,
    amount,
    fee,
    leg: out ? null : leg,
    ...(transfer.memo ? { memo: transfer.memo } : {}),
    ...(transfer.shortReference ? { shortReference: transfer.shortReference } : {}),
  };
}

function sum(legs: readonly { amount: number }[]): number {
  return legs.reduce((total, leg) => total + leg.amount, 0);
}
