/**
 * Ledger entries and the pure arithmetic of a chain: the counters an entry leaves behind, and whether a debit or
 * a credit may be appended at all. No I/O here; ledger.ts does the appending.
 *
 * Every entry of a chain records the account's four counters on that chain *after* it (TigerBeetle's model):
 * the head entry alone gives the balance, and each entry can be checked against the one before it.
 */
import type { Account, AccountId, AccountStatus } from './accounts';
import { KYC_LIMITS, limitPeriods } from './kyc';
import type { TransferFacts, TransferOutcome } from './transferFacts';

export interface Counters {
  debitsPending: number;
  debitsPosted: number;
  creditsPending: number;
  creditsPosted: number;
}

export const ZERO_COUNTERS: Counters = Object.freeze({
  debitsPending: 0,
  debitsPosted: 0,
  creditsPending: 0,
  creditsPosted: 0,
});

/** Outgoing volume in the current limit periods (Douala calendar), carried by a wallet's chain. */
export interface Spending {
  day: string;
  dayOut: number;
  month: string;
  monthOut: number;
}

export type Side = 'debit' | 'credit';
/** `posted`: a single-phase move. `pending`: a hold. `post` / `void`: the resolution of a hold. */
export type Phase = 'posted' | 'pending' | 'post' | 'void';

/** One decided effect on one chain; immutable once inserted. */
export interface Entry {
  /** The effect's deterministic id (`<transfer>:debit`, `<transfer>:credit:<n>`, `…:resolve:…`): exactly once. */
  _id: string;
  /** `<chain>#<seq>`, unique: the insert that takes this slot decides the race for it. */
  chainKey: string;
  chain: string;
  account: AccountId;
  lane: number;
  seq: number;
  /** seq / PAGE_SIZE, so a page of a chain is found by equality: an index on MongoDB (FerretDB v1 scans). */
  page: number;
  transferId: string;
  side: Side;
  phase: Phase;
  amount: number;
  counters: Counters;
  spending: Spending | null;
  at: Date;
  /**
   * The account's status after this entry, carried forward like the counters; absent means active. Kept on the
   * chain (lane 0) so that a status change and every decision on the account are ordered by the chain's slots.
   */
  status?: Exclude<AccountStatus, 'active'>;
  /** True on an entry that changes the account's status and moves no money (amount 0; see statusEntryId). */
  changesStatus?: true;
  /** On the entry that opens a transfer on this account: what the account's history shows of it. */
  facts?: TransferFacts;
  /** On the entry that closes a transfer on this account (a hold's resolution, a give-back): how it ended. */
  outcome?: TransferOutcome;
  rejected?: undefined;
}

/** A refused effect. It holds the effect's id forever, so a rejected transfer stays rejected. */
export interface RejectionEntry {
  _id: string;
  /** Equal to `_id`: a rejection takes no slot in a chain, but the unique index needs a distinct value. */
  chainKey: string;
  account: AccountId;
  transferId: string;
  side: Side;
  amount: number;
  rejected: RejectReason;
  at: Date;
}

export type StoredEntry = Entry | RejectionEntry;

export const PAGE_SIZE = 64;

/** The state of a chain at its last entry; seq 0 is the empty chain. */
export interface ChainHead {
  seq: number;
  counters: Counters;
  spending: Spending | null;
  status: AccountStatus;
}

export const EMPTY_HEAD: ChainHead = { seq: 0, counters: ZERO_COUNTERS, spending: null, status: 'active' };

export type BalanceRejection =
  'INSUFFICIENT_FUNDS' | 'LIMIT_PER_TRANSACTION' | 'LIMIT_DAILY' | 'LIMIT_MONTHLY' | 'LIMIT_BALANCE';

/** The account's status on its chain refused the effect (a closed wallet, a frozen payer). */
export type StatusRejection = 'ACCOUNT_CLOSED' | 'ACCOUNT_FROZEN';

/** STALE: recorded but never decided, and abandoned by recovery past its maximum age. */
export type RejectReason = BalanceRejection | StatusRejection | 'STALE';

/** What a transfer says when its recipient's chain refused the credit: it may not hold more, or it is closed. */
export function recipientRefusal(reason: string): 'RECIPIENT_LIMIT_BALANCE' | StatusRejection {
  return reason === 'ACCOUNT_CLOSED' || reason === 'ACCOUNT_FROZEN' ? reason : 'RECIPIENT_LIMIT_BALANCE';
}

/** The id of the entry that takes slot `seq` of `chain` to change the account's status (one per slot). */
export function statusEntryId(chain: string, seq: number): string {
  return `status:${chain}#${seq}`;
}

export function chainName(account: AccountId, lane: number): string {
  return lane === 0 ? account : `${account}~${lane}`;
}

export function chainKey(chain: string, seq: number): string {
  return `${chain}#${seq}`;
}

export function headOf(entry: Entry): ChainHead {
  return { seq: entry.seq, counters: entry.counters, spending: entry.spending, status: entry.status ?? 'active' };
}

/** Available = posted credits − posted debits − pending debits (pending credits are not spendable yet). */
export function available(c: Counters): number {
  return c.creditsPosted - c.debitsPosted - c.debitsPending;
}

export function addCounters(a: Counters, b: Counters): Counters {
  return {
    debitsPending: a.debitsPending + b.debitsPending,
    debitsPosted: a.debitsPosted + b.debitsPosted,
    creditsPending: a.creditsPending + b.creditsPending,
    creditsPosted: a.creditsPosted + b.creditsPosted,
  };
}

/** What an effect does to the counters. */
export function applyEffect(c: Counters, side: Side, phase: Phase, amount: number): Counters {
  const next = { ...c };
  const pending = side === 'debit' ? 'debitsPending' : 'creditsPending';
  const posted = side === 'debit' ? 'debitsPosted' : 'creditsPosted';
  if (phase === 'posted') next[posted] += amount;
  else if (phase === 'pending') next[pending] += amount;
  else if (phase === 'post') {
    next[pending] -= amount;
    next[posted] += amount;
  } else next[pending] -= amount;
  return next;
}

/**
 * What a wallet's outgoing volume becomes. Debits that move or hold money count in the period of the decision;
 * a voided hold gives its amount back if it was counted in the period still current.
 */
export function nextSpending(
  current: Spending | null,
  side: Side,
  phase: Phase,
  amount: number,
  at: Date,
  heldOnDay: string | null,
): Spending {
  const { day, month } = limitPeriods(at);
  const base: Spending = {
    day,
    month,
    dayOut: current?.day === day ? current.dayOut : 0,
    monthOut: current?.month === month ? current.monthOut : 0,
  };
  if (side !== 'debit') return base;
  if (phase === 'posted' || phase === 'pending') {
    return { ...base, dayOut: base.dayOut + amount, monthOut: base.monthOut + amount };
  }
  if (phase === 'void' && heldOnDay !== null) {
    return {
      ...base,
      dayOut: heldOnDay === day ? Math.max(0, base.dayOut - amount) : base.dayOut,
      monthOut: heldOnDay.slice(0, 7) === month ? Math.max(0, base.monthOut - amount) : base.monthOut,
    };
  }
  return base;
}

/**
 * Decides whether an effect may be appended after `head`, and with what counters.
 * `creditsElsewhere` is the posted credits the account holds on its other lanes (a lower bound is safe: it can
 * only make the decision more cautious).
 *
 * The status on the chain decides too: a closed or frozen account pays nothing, and a closed one receives no
 * money that would be spendable at once. A hold in its favour is still taken (money sent to a number nobody owns
 * any more waits for the number's next owner, who claims it after signing up), and money going back to where it
 * came from and the resolution of a hold already taken are never refused.
 */
export function decide(
  account: Account,
  head: ChainHead,
  creditsElsewhere: number,
  effect: {
    side: Side;
    phase: Phase;
    amount: number;
    heldOnDay?: string | null;
    returnsMoney?: boolean;
    sweepsClosed?: boolean;
  },
  at: Date,
):
  | { ok: true; counters: Counters; spending: Spending | null; status: AccountStatus }
  | { ok: false; reason: RejectReason } {
  const { side, phase, amount } = effect;
  const opening = phase === 'posted' || phase === 'pending';
  const limits = account.kycTier ? KYC_LIMITS[account.kycTier] : null;
  const spending = limits ? nextSpending(head.spending, side, phase, amount, at, effect.heldOnDay ?? null) : null;

  if (opening && side === 'debit' && effect.sweepsClosed && head.status === 'closed') {
    // Nobody spends here: what a closed wallet holds goes to suspense, never more than it holds, whatever the limits.
    if (phase !== 'posted' || amount > available(head.counters)) return { ok: false, reason: 'INSUFFICIENT_FUNDS' };
    return { ok: true, counters: applyEffect(head.counters, side, phase, amount), spending, status: head.status };
  }
  if (opening && side === 'debit' && head.status !== 'active') {
    return { ok: false, reason: head.status === 'closed' ? 'ACCOUNT_CLOSED' : 'ACCOUNT_FROZEN' };
  }
  if (phase === 'posted' && side === 'credit' && head.status === 'closed' && !effect.returnsMoney) {
    return { ok: false, reason: 'ACCOUNT_CLOSED' };
  }
  if (opening && side === 'debit') {
    if (limits && amount > limits.perTransaction) return { ok: false, reason: 'LIMIT_PER_TRANSACTION' };
    if (account.debitsMustNotExceedCredits && amount > available(head.counters) + creditsElsewhere) {
      return { ok: false, reason: 'INSUFFICIENT_FUNDS' };
    }
    if (limits && spending && spending.dayOut > limits.perDay) return { ok: false, reason: 'LIMIT_DAILY' };
    if (limits && spending && spending.monthOut > limits.perMonth) return { ok: false, reason: 'LIMIT_MONTHLY' };
  }
  // Money going back to where it came from (a failed transfer's refund) is never refused.
  if (opening && side === 'credit' && limits && !effect.returnsMoney) {
    const c = head.counters;
    // What the wallet could hold once everything pending in its favour lands; held debits might still be voided.
    const couldHold = c.creditsPosted + c.creditsPending - c.debitsPosted + creditsElsewhere + amount;
    if (couldHold > limits.maxBalance) return { ok: false, reason: 'LIMIT_BALANCE' };
  }
  return { ok: true, counters: applyEffect(head.counters, side, phase, amount), spending, status: head.status };
}

/**
 * Decides a change of the account's status, appended to its chain like any effect (it moves no money). Closing
 * needs an account that holds nothing, has nothing held and nothing incoming: decided against the exact head, so
 * a credit that took the slot first makes the close re-read and refuse. Reopening a closed account needs nothing
 * available in it (money given back after the close is its previous owner's: Ledger.reopen sweeps it first; holds
 * waiting for the number's next owner stay), and starts its limits afresh: the next owner is a new person.
 */
export function decideStatusChange(
  head: ChainHead,
  status: AccountStatus,
): { ok: true; spending: Spending | null } | { ok: false; reason: 'NOT_EMPTY' } {
  const c = head.counters;
  const empty = available(c) === 0 && c.debitsPending === 0 && c.creditsPending === 0;
  if (status === 'closed' && !empty) return { ok: false, reason: 'NOT_EMPTY' };
  const reopening = head.status === 'closed' && status !== 'closed';
  if (reopening && available(c) !== 0) return { ok: false, reason: 'NOT_EMPTY' };
  return { ok: true, spending: reopening ? null : head.spending };
}
