/**
 * Ledger accounts: what kinds exist, how their ids are spelled, and the policy each kind carries.
 * An account is configuration only; its balance lives in its entries (see chain.ts).
 */
import type { KycTier } from './kyc';

/** The external payment rails money enters and leaves by. One clearing account each. */
export const RAILS = ['mtn_momo', 'orange_money', 'card', 'bank'] as const;
export type Rail = (typeof RAILS)[number];

export type AccountType = 'wallet' | 'merchant' | 'fees' | 'clearing' | 'payable' | 'suspense';
export type AccountStatus = 'active' | 'frozen' | 'closed';

/** Account ids are readable strings so entries, logs and reports say what they touch. */
export type AccountId = string & { readonly __brand: 'AccountId' };

export const accountIds = {
  wallet: (ownerId: string) => `wallet:${ownerId}` as AccountId,
  merchant: (merchantId: string) => `merchant:${merchantId}` as AccountId,
  fees: 'system:fees' as AccountId,
  suspense: 'system:suspense' as AccountId,
  clearing: (rail: Rail) => `system:clearing:${rail}` as AccountId,
  payable: (billerId: string) => `system:payable:${billerId}` as AccountId,
};

export interface Account {
  _id: AccountId;
  type: AccountType;
  ownerId: string | null;
  status: AccountStatus;
  /** Wallets and merchants may never spend more than they hold; system accounts may go negative (clearing). */
  debitsMustNotExceedCredits: boolean;
  /** KYC tier of a wallet (its limits); null for accounts without per-person limits. */
  kycTier: KycTier | null;
  /**
   * How many chains the account's entries are spread over. A wallet has one: every entry is decided in order.
   * A merchant has its decided debits on lane 0 and its credits striped over the others, so many payers do not
   * queue behind each other. A system account decides nothing and stripes everything.
   */
  lanes: number;
  createdAt: Date;
}

/**
 * Lanes per account type. With one process, 2, 8 or 16 merchant lanes measured the same (BENCHMARKS.md): appends
 * to one chain queue inside a process. Lanes matter when several processes credit one account.
 */
const LANES: Record<AccountType, number> = {
  wallet: 1,
  merchant: 8,
  fees: 8,
  clearing: 8,
  payable: 8,
  suspense: 4,
};

/** Builds a new account's configuration with the policy of its type. */
export function newAccount(
  id: AccountId,
  type: AccountType,
  options: { ownerId?: string; kycTier?: KycTier | null; at?: Date } = {},
): Account {
  const spendsOnlyWhatItHolds = type === 'wallet' || type === 'merchant';
  return {
    _id: id,
    type,
    ownerId: options.ownerId ?? null,
    status: 'active',
    debitsMustNotExceedCredits: spendsOnlyWhatItHolds,
    kycTier: type === 'wallet' ? (options.kycTier ?? 'basic') : null,
    lanes: LANES[type],
    createdAt: options.at ?? new Date(),
  };
}

/** The system accounts every deployment needs; created at start, idempotently. */
export function systemAccounts(billerIds: readonly string[]): Account[] {
  return [
    newAccount(accountIds.fees, 'fees'),
    newAccount(accountIds.suspense, 'suspense'),
    ...RAILS.map((rail) => newAccount(accountIds.clearing(rail), 'clearing')),
    ...billerIds.map((biller) => newAccount(accountIds.payable(biller), 'payable')),
  ];
}

/** Whether entries on this account must be decided in order against its balance (lane 0). */
export function decidesDebits(account: Account): boolean {
  return account.debitsMustNotExceedCredits;
}

/** Whether credits on this account are checked against a maximum balance (and so must be decided in order). */
export function decidesCredits(account: Account): boolean {
  return account.kycTier !== null;
}
