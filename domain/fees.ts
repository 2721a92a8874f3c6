/**
 * Fee schedules per operation, and the one rounding rule for fees.
 *
 * Rounding rule: a fee is `fixed + amount × basisPoints / 10 000` of the amount's band, rounded half up to the whole
 * franc (x.5 becomes x + 1, anything below x.5 becomes x), then clamped to the schedule's [minimum, maximum]. It is
 * computed in integer arithmetic: `p = fixed × 10 000 + amount × basisPoints`, then `p / 10 000` by quotient and
 * remainder, adding one franc when the remainder is at least 5 000. Validation keeps `p` below 2 × 10^13, so every
 * step is exact in a JS number; no binary fraction such as 0.015 ever appears.
 */

import { MAX_AMOUNT, francs, type Francs } from './money';

/** A kind of money movement that has its own fee schedule. */
export type Operation =
  | 'p2p'
  | 'topup_momo'
  | 'topup_om'
  | 'topup_card'
  | 'withdraw_momo'
  | 'withdraw_om'
  | 'bill'
  | 'merchant_payment'
  | 'payout';

/** One band of a schedule: the fee for amounts up to `upTo` (and above the previous band's `upTo`). */
export interface FeeBand {
  /** Inclusive upper bound of the amount, in francs; null for the last band, which has no bound. */
  upTo: number | null;
  /** Whole francs charged on every amount in the band. */
  fixed: number;
  /** Proportional part, in 1/100 of a percent (150 = 1.5 %); a whole number from 0 to 10 000. */
  basisPoints: number;
}

/** The fees for one operation: bands by ascending amount, and bounds on the resulting fee. */
export interface FeeSchedule {
  /** Bands in ascending `upTo`; the last one has `upTo: null` so that every amount falls in a band. */
  bands: FeeBand[];
  /** The smallest fee charged, in francs. */
  minimum: number;
  /** The largest fee charged, in francs; null for no cap. */
  maximum: number | null;
}

/** What a user sees on the confirmation screen: the amount, the fee, and what leaves their wallet. */
export interface Quote {
  amount: Francs;
  fee: Francs;
  total: Francs;
}

const BASIS_POINTS_PER_UNIT = 10_000;

/** Throws an Error naming the first problem in a schedule: bad bands, negative or fractional values, min > max. */
export function validateFeeSchedule(s: FeeSchedule): void {
  if (s.bands.length === 0) throw invalid('it has no bands');
  s.bands.forEach((band, i) => {
    const name = `band ${i + 1}`;
    const isLast = i === s.bands.length - 1;
    if (band.upTo === null && !isLast) {
      throw invalid(`${name} has no upper bound (upTo: null) but is not the last band`);
    }
    if (band.upTo !== null) {
      if (isLast) {
        throw invalid('the last band must have upTo: null so every amount has a fee');
      }
      requireFrancs(band.upTo, `${name} upTo`);
      const previous = i > 0 ? s.bands[i - 1]?.upTo : undefined;
      if (typeof previous === 'number' && band.upTo <= previous) {
        throw invalid(`bands must ascend, but ${name} upTo (${band.upTo}) is not above band ${i} upTo (${previous})`);
      }
    }
    requireFrancs(band.fixed, `${name} fixed`);
    if (!Number.isInteger(band.basisPoints) || band.basisPoints < 0 || band.basisPoints > BASIS_POINTS_PER_UNIT) {
      const range = `a whole number from 0 to ${BASIS_POINTS_PER_UNIT}`;
      throw invalid(`${name} basisPoints must be ${range}, got ${band.basisPoints}`);
    }
  });
  requireFrancs(s.minimum, 'minimum');
  if (s.maximum !== null) {
    requireFrancs(s.maximum, 'maximum');
    if (s.minimum > s.maximum) {
      throw invalid(`minimum (${s.minimum}) is above maximum (${s.maximum})`);
    }
  }
}

/** Schedule values are amounts of francs: whole, non-negative and at most MAX_AMOUNT. */
function requireFrancs(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0 || value > MAX_AMOUNT) {
    throw invalid(`${what} must be a whole number of francs from 0 to ${MAX_AMOUNT}, got ${value}`);
  }
}

/** Every schedule error starts the same way, so a bad deployment config is recognisable in the logs. */
function invalid(problem: string): Error {
  return new Error(`Invalid fee schedule: ${problem}`);
}

/**
 * Computes the fee on an amount by the module's one rounding rule (round half up to the franc, integer arithmetic).
 *
 * @throws Error if the schedule is invalid; RangeError if the fee would exceed MAX_AMOUNT.
 */
export function computeFee(schedule: FeeSchedule, amount: Francs): Francs {
  validateFeeSchedule(schedule);
  const band = schedule.bands.find((b) => b.upTo === null || amount <= b.upTo);
  if (band === undefined) throw invalid('no band covers the amount');

  const scaled = band.fixed * BASIS_POINTS_PER_UNIT + amount * band.basisPoints;
  const remainder = scaled % BASIS_POINTS_PER_UNIT;
  const quotient = (scaled - remainder) / BASIS_POINTS_PER_UNIT;
  const rounded = remainder * 2 >= BASIS_POINTS_PER_UNIT ? quotient + 1 : quotient;

  const atLeastMinimum = Math.max(rounded, schedule.minimum);
  const clamped = schedule.maximum === null ? atLeastMinimum : Math.min(atLeastMinimum, schedule.maximum);
  return francs(clamped);
}

/**
 * Quotes an operation: the fee on the amount and the total the payer is debited (amount + fee).
 *
 * @throws RangeError if the total would exceed MAX_AMOUNT; product limits keep real amounts far below that.
 */
export function quote(schedule: FeeSchedule, amount: Francs): Quote {
  const fee = computeFee(schedule, amount);
  return { amount, fee, total: francs(amount + fee) };
}

/** A schedule with a single band and no bounds: the same rule for every amount. */
function flat(fixed: number, basisPoints: number, minimum = 0, maximum: number | null = null): FeeSchedule {
  return { bands: [{ upTo: null, fixed, basisPoints }], minimum, maximum };
}

/** Freezes a schedule deeply: the defaults are shared by every caller, so one caller must not change them all. */
function frozen(schedule: FeeSchedule): FeeSchedule {
  schedule.bands.forEach((band) => Object.freeze(band));
  Object.freeze(schedule.bands);
  return Object.freeze(schedule);
}

/**
 * Cash-out grid shared by both operators' withdrawals: 2 % on small amounts, falling to about 1 % on large ones,
 * like the operators' own agent cash-out grids. Each band's fixed part makes it start at the fee where the previous
 * band ended, so withdrawing more never costs less. The 50 F minimum covers the rail's own charge on tiny amounts;
 * the 10 000 F cap is reached near one million francs.
 */
function cashOutGrid(): FeeSchedule {
  return {
    bands: [
      { upTo: 10_000, fixed: 0, basisPoints: 200 },
      { upTo: 100_000, fixed: 50, basisPoints: 150 },
      { upTo: null, fixed: 550, basisPoints: 100 },
    ],
    minimum: 50,
    maximum: 10_000,
  };
}

/**
 * Default fee schedules, chosen so a user of MTN MoMo or Orange Money finds them familiar and fair. They are
 * defaults: a deployment may load its own schedules, which computeFee validates on every use.
 */
export const defaultFeeSchedules: Record<Operation, FeeSchedule> = {
  // Wallet to wallet: free for the everyday small transfer (up to 5 000 F); then a small flat fee per band, then
  // 0.05 %, which continues the 100 F band at 200 000 F; capped at 500 F so large family transfers stay cheap.
  p2p: frozen({
    bands: [
      { upTo: 5_000, fixed: 0, basisPoints: 0 },
      { upTo: 50_000, fixed: 50, basisPoints: 0 },
      { upTo: 200_000, fixed: 100, basisPoints: 0 },
      { upTo: null, fixed: 0, basisPoints: 5 },
    ],
    minimum: 0,
    maximum: 500,
  }),
  // Top-ups from mobile money cost the user nothing: the operators charge the collecting merchant, not the payer.
  topup_momo: frozen(flat(0, 0)),
  topup_om: frozen(flat(0, 0)),
  // Card top-ups pass on the card acquirer's cost (2.5-3.5 % in the region) as a flat 3 %.
  topup_card: frozen(flat(0, 300)),
  withdraw_momo: frozen(cashOutGrid()),
  withdraw_om: frozen(cashOutGrid()),
  // Bills (ENEO, CAMWATER, Canal+…): a small fixed fee, the same for every bill, as at a payment counter.
  bill: frozen(flat(100, 0)),
  // Merchant payments are free to the payer: the merchant pays, as with MoMo Pay and Orange Money merchant codes.
  merchant_payment: frozen(flat(0, 0)),
  // Payouts to a merchant's or business's own account: 1 %, with a 100 F minimum so tiny payouts cover the rail.
  payout: frozen(flat(0, 100, 100)),
};
