/**
 * KYC tiers and their limits, in francs. The shape follows what Cameroonian mobile-money users know (per
 * transaction, per day, per month, maximum balance, growing with identity checks); the figures are defaults a
 * compliance officer would tune, kept as data here.
 */
export const KYC_TIERS = ['basic', 'verified', 'full'] as const;
export type KycTier = (typeof KYC_TIERS)[number];

export interface KycLimits {
  /** Largest single outgoing amount (amount plus fee). */
  perTransaction: number;
  /** Outgoing total per calendar day in Douala time. */
  perDay: number;
  /** Outgoing total per calendar month in Douala time. */
  perMonth: number;
  /** Largest balance the wallet may hold, pending top-ups included. */
  maxBalance: number;
}

export const KYC_LIMITS: Record<KycTier, KycLimits> = {
  // Phone number only: small amounts, like an operator wallet before its ID check.
  basic: { perTransaction: 50_000, perDay: 100_000, perMonth: 500_000, maxBalance: 200_000 },
  // National ID checked.
  verified: { perTransaction: 500_000, perDay: 1_000_000, perMonth: 5_000_000, maxBalance: 2_000_000 },
  // ID, address and selfie checked: up to the operators' daily ceiling of about 2 000 000 FCFA.
  full: { perTransaction: 2_000_000, perDay: 2_000_000, perMonth: 20_000_000, maxBalance: 10_000_000 },
};

/** Douala is UTC+1 all year (no daylight saving): daily and monthly limits follow its calendar. */
const DOUALA_OFFSET_MS = 60 * 60 * 1000;

/** The limit periods an instant falls in: `2026-11-29` and `2026-11` in Douala time. */
export function limitPeriods(at: Date): { day: string; month: string } {
  const local = new Date(at.getTime() + DOUALA_OFFSET_MS).toISOString();
  return { day: local.slice(0, 10), month: local.slice(0, 7) };
}
