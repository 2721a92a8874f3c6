/**
 * A merchant: a business that collects money into its own ledger account (`merchant:<id>`, separate from its
 * owner's wallet). It is opened by a person from chat (the owner) or by `npm run merchant:create`, starts `pending`
 * at KYC level `unverified` with low limits, and becomes `active` at a higher level when its documents are approved
 * (the dashboard of merchants part 2). A `suspended` merchant collects and refunds nothing.
 */
import type { AccountId } from '../ledger/accounts';
import type { Msisdn } from '../phone';

export const MERCHANT_STATUSES = ['pending', 'active', 'suspended'] as const;
export type MerchantStatus = (typeof MERCHANT_STATUSES)[number];

/** What the business sells: for reports, risk and the limits a compliance officer may tune per kind. */
export const MERCHANT_CATEGORIES = [
  'retail',
  'food',
  'services',
  'transport',
  'education',
  'health',
  'utilities',
  'other',
] as const;
export type MerchantCategory = (typeof MERCHANT_CATEGORIES)[number];

export const MERCHANT_KYC_LEVELS = ['unverified', 'verified', 'full'] as const;
export type MerchantKycLevel = (typeof MERCHANT_KYC_LEVELS)[number];

/** What a merchant may collect, in francs, by KYC level. Figures are defaults kept as data, like kyc.ts. */
export interface MerchantLimits {
  /** Largest single payment the merchant may ask for (a request, a link's amount, an invoice's total). */
  perPayment: number;
  /** Largest total of payments asked for per Douala calendar day. */
  perDay: number;
}

export const MERCHANT_LIMITS: Record<MerchantKycLevel, MerchantLimits> = {
  // No document approved yet: enough for a market stall to try the product, not to run a shop on it.
  unverified: { perPayment: 100_000, perDay: 500_000 },
  // Business registration (RCCM) and the owner's ID approved.
  verified: { perPayment: 2_000_000, perDay: 10_000_000 },
  // Tax number (NIU), address and bank details checked.
  full: { perPayment: 10_000_000, perDay: 100_000_000 },
};

/** A merchant as kept. Only `status` and `kycLevel` ever change. */
export interface Merchant {
  /** `m_` and 16 random lowercase base32 characters: safe in a URL, an account id and a transfer id. */
  _id: string;
  name: string;
  category: MerchantCategory;
  /** The person who opened it: their chat is the merchant's chat until team roles exist (part 2). */
  owner: Msisdn;
  status: MerchantStatus;
  kycLevel: MerchantKycLevel;
  /** `merchant:<_id>` in the ledger. */
  account: AccountId;
  createdAt: Date;
}

/** The limits a merchant collects under now. */
export function merchantLimits(merchant: Pick<Merchant, 'kycLevel'>): MerchantLimits {
  return MERCHANT_LIMITS[merchant.kycLevel];
}

/** Whether a merchant may collect and refund now. */
export function canOperate(merchant: Pick<Merchant, 'status'>): boolean {
  return merchant.status !== 'suspended';
}
