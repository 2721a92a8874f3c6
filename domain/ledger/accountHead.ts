/**
 * An account's head: what its chains' last entries say, summed over its lanes, for screens that show a balance or
 * preview a payment. Read from the chains' heads (one point read per lane a process already knows), never decided
 * on: a payment is decided again on the chain when it moves money.
 */
import type { Account, AccountStatus } from './accounts';
import { addCounters, available, ZERO_COUNTERS, type ChainHead, type Counters, type Spending } from './entries';
import type { KycTier } from './kyc';

export interface AccountHead {
  /** What the account can spend now. */
  available: number;
  /** Debits held by pending transfers (withdrawals in flight). */
  held: number;
  /** Credits pending in its favour (top-ups not yet confirmed). */
  incoming: number;
  counters: Counters;
  /** The status its chain decides with (lane 0), not the configuration's copy. */
  status: AccountStatus;
  /** Its outgoing volume in the current limit periods, as its chain carries it; null for accounts without limits. */
  spending: Spending | null;
  /** Its tier as this process last read its configuration (limits are decided again on the chain). */
  kycTier: KycTier | null;
}

/** Sums the lanes' heads (lane 0 first) of an account into its head. */
export function accountHeadOf(account: Account, heads: readonly ChainHead[]): AccountHead {
  const counters = heads.reduce((sum, head) => addCounters(sum, head.counters), ZERO_COUNTERS);
  const decider = heads[0];
  return {
    available: available(counters),
    held: counters.debitsPending,
    incoming: counters.creditsPending,
    counters,
    status: decider?.status ?? 'active',
    spending: decider?.spending ?? null,
    kycTier: account.kycTier,
  };
}
