import fc from 'fast-check';
import {
  computeFee,
  defaultFeeSchedules,
  quote,
  validateFeeSchedule,
  type FeeBand,
  type FeeSchedule,
  type Operation,
} from '../../domain/fees';
import { MAX_AMOUNT, francs } from '../../domain/money';

const operations = Object.keys(defaultFeeSchedules) as Operation[];

function fee(operation: Operation, amount: number): number {
  return computeFee(defaultFeeSchedules[operation], francs(amount));
}

/** One band, no bounds: the plain formula, to test rounding on its own. */
function only(fixed: number, basisPoints: number): FeeSchedule {
  return { bands: [{ upTo: null, fixed, basisPoints }], minimum: 0, maximum: null };
}

/** The formula worked out with BigInt and `floor((p + 5000) / 10000)`, a different route to the same rule. */
function expectedFee(schedule: FeeSchedule, amount: number): number {
  const band = schedule.bands.find((b) => b.upTo === null || amount <= b.upTo);
  if (band === undefined) throw new Error('test schedule has no band for the amount');
  const scaled = BigInt(band.fixed) * 10_000n + BigInt(amount) * BigInt(band.basisPoints);
  const rounded = Number((scaled + 5_000n) / 10_000n);
  const atLeast = Math.max(rounded, schedule.minimum);
  return schedule.maximum === null ? atLeast : Math.min(atLeast, schedule.maximum);
}

const amountArb = fc.integer({ min: 0, max: MAX_AMOUNT });

/** Valid schedules: ascending bounds, a final open band, fees in realistic ranges, minimum ≤ maximum. */
const scheduleArb: fc.Arbitrary<FeeSchedule> = fc
  .record({
    bounds: fc.uniqueArray(fc.integer({ min: 0, max: MAX_AMOUNT }), { maxLength: 5 }),
    parts: fc.array(
      fc.record({ fixed: fc.integer({ min: 0, max: 100_000 }), basisPoints: fc.integer({ min: 0, max: 10_000 }) }),
      { minLength: 6, maxLength: 6 },
    ),
    minimum: fc.integer({ min: 0, max: 10_000 }),
    cap: fc.option(fc.integer({ min: 0, max: 1_000_000 })),
  })
  .map(({ bounds, parts, minimum, cap }) => {
    const upTos: (number | null)[] = [...bounds.sort((a, b) => a - b), null];
    const bands: FeeBand[] = upTos.map((upTo, i) => ({
      upTo,
      fixed: parts[i]?.fixed ?? 0,
      basisPoints: parts[i]?.basisPoints ?? 0,
    }));
    return { bands, minimum, maximum: cap === null ? null : minimum + cap };
  });

describe('computeFee', () => {
  it('charges fixed + amount × basisPoints / 10 000 of the first band whose upTo is at or above the amount', () => {
    const schedule: FeeSchedule = {
      bands: [
        { upTo: 1_000, fixed: 10, basisPoints: 0 },
        { upTo: 10_000, fixed: 20, basisPoints: 100 },
        { upTo: null, fixed: 0, basisPoints: 50 },
      ],
      minimum: 0,
      maximum: null,
    };
    expect(computeFee(schedule, francs(1_000))).toBe(10);
    expect(computeFee(schedule, francs(1_001))).toBe(30);
    expect(computeFee(schedule, francs(10_000))).toBe(120);
    expect(computeFee(schedule, francs(10_001))).toBe(50);
    expect(computeFee(schedule, francs(0))).toBe(10);
  });

  it('raises a fee below the minimum to the minimum', () => {
    expect(computeFee({ ...only(0, 100), minimum: 50 }, francs(100))).toBe(50);
  });

  it('lowers a fee above the maximum to the maximum', () => {
    expect(computeFee({ ...only(0, 100), maximum: 500 }, francs(1_000_000))).toBe(500);
  });

  it.each([
    [100, 50, 1], // 0.5
    [300, 50, 2], // 1.5
    [1, 5_000, 1], // 0.5
    [15_000, 1, 2], // 1.5
    [250, 300, 8], // 7.5
    [150, 100, 2], // 1.5
  ])('rounds an exact half up: %p at %p bp is %p', (amount, basisPoints, expected) => {
    expect(computeFee(only(0, basisPoints), francs(amount))).toBe(expected);
  });

  it.each([
    [99, 50, 0], // 0.495
    [101, 50, 1], // 0.505
    [14_999, 1, 1], // 1.4999
    [16_667, 300, 500], // 500.01
    [9_999, 5, 5], // 4.9995
  ])('rounds anything else to the nearest franc: %p at %p bp is %p', (amount, basisPoints, expected) => {
    expect(computeFee(only(0, basisPoints), francs(amount))).toBe(expected);
  });

  it('rounds every exact half up', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 49_999 }), fc.integer({ min: 0, max: 1_000 }), (k, fixed) => {
        // 50 bp of 100 × (2k + 1) francs is exactly k + 0.5 francs.
        expect(computeFee(only(fixed, 50), francs(100 * (2 * k + 1)))).toBe(fixed + k + 1);
        // 1 bp of 10 000k + 5 000 francs is exactly k + 0.5 francs.
        expect(computeFee(only(fixed, 1), francs(10_000 * k + 5_000))).toBe(fixed + k + 1);
      }),
    );
  });

  it('equals the integer-arithmetic formula for any valid schedule and amount, or refuses a fee above MAX_AMOUNT', () => {
    fc.assert(
      fc.property(scheduleArb, amountArb, (schedule, amount) => {
        // A band at 100 % plus a fixed part takes an amount near MAX_AMOUNT past it (found by this property in CI).
        const expected = expectedFee(schedule, amount);
        if (expected > MAX_AMOUNT) expect(() => computeFee(schedule, francs(amount))).toThrow(RangeError);
        else expect(computeFee(schedule, francs(amount))).toBe(expected);
      }),
    );
  });

  it('stays within [minimum, maximum], whole and never negative', () => {
    fc.assert(
      fc.property(scheduleArb, amountArb, (schedule, amount) => {
        fc.pre(expectedFee(schedule, amount) <= MAX_AMOUNT);
        const result = computeFee(schedule, francs(amount));
        expect(Number.isSafeInteger(result)).toBe(true);
        expect(result).toBeGreaterThanOrEqual(0);
        expect(result).toBeGreaterThanOrEqual(schedule.minimum);
        if (schedule.maximum !== null) expect(result).toBeLessThanOrEqual(schedule.maximum);
      }),
    );
  });

  it('refuses to compute with an invalid schedule', () => {
    expect(() => computeFee({ bands: [], minimum: 0, maximum: null }, francs(100))).toThrow(/no bands/);
  });

  it('throws a RangeError when the fee itself would exceed MAX_AMOUNT', () => {
    expect(() => computeFee(only(MAX_AMOUNT, 10_000), francs(MAX_AMOUNT))).toThrow(RangeError);
  });
});

describe('quote', () => {
  it('adds the fee to the amount for the total the payer is debited', () => {
    expect(quote(defaultFeeSchedules.withdraw_momo, francs(20_000))).toEqual({
      amount: 20_000,
      fee: 350,
      total: 20_350,
    });
    expect(quote(defaultFeeSchedules.p2p, francs(5_000))).toEqual({ amount: 5_000, fee: 0, total: 5_000 });
  });

  it('always has total = amount + fee', () => {
    fc.assert(
      // Amounts stay low enough that the total is valid even with a 100 % fee.
      fc.property(scheduleArb, fc.integer({ min: 0, max: 400_000_000 }), (schedule, amount) => {
        const q = quote(schedule, francs(amount));
        expect(q.amount).toBe(amount);
        expect(q.fee).toBe(computeFee(schedule, francs(amount)));
        expect(q.total).toBe(q.amount + q.fee);
      }),
    );
  });

  it('throws a RangeError when the total would exceed MAX_AMOUNT', () => {
    expect(() => quote(defaultFeeSchedules.bill, francs(MAX_AMOUNT))).toThrow(RangeError);
  });
});

describe('validateFeeSchedule', () => {
  const band = (upTo: number | null, fixed = 0, basisPoints = 0): FeeBand => ({ upTo, fixed, basisPoints });

  it('accepts a well-formed schedule', () => {
    expect(() =>
      validateFeeSchedule({ bands: [band(5_000), band(50_000, 50), band(null, 0, 100)], minimum: 0, maximum: 500 }),
    ).not.toThrow();
  });

  it('accepts every generated schedule', () => {
    fc.assert(fc.property(scheduleArb, (s) => expect(() => validateFeeSchedule(s)).not.toThrow()));
  });

  it.each<[string, FeeSchedule, RegExp]>([
    ['no bands', { bands: [], minimum: 0, maximum: null }, /no bands/],
    [
      'a missing final null band',
      { bands: [band(5_000)], minimum: 0, maximum: null },
      /last band must have upTo: null/,
    ],
    [
      'a null band before the last',
      { bands: [band(null), band(null)], minimum: 0, maximum: null },
      /not the last band/,
    ],
    [
      'bands not ascending',
      { bands: [band(5_000), band(1_000), band(null)], minimum: 0, maximum: null },
      /must ascend.*band 2 upTo \(1000\).*band 1 upTo \(5000\)/,
    ],
    [
      'two bands with the same bound',
      { bands: [band(5_000), band(5_000), band(null)], minimum: 0, maximum: null },
      /must ascend/,
    ],
    ['a negative bound', { bands: [band(-1), band(null)], minimum: 0, maximum: null }, /band 1 upTo/],
    ['a negative fixed fee', { bands: [band(null, -10)], minimum: 0, maximum: null }, /band 1 fixed/],
    ['a fractional fixed fee', { bands: [band(null, 2.5)], minimum: 0, maximum: null }, /band 1 fixed/],
    ['negative basis points', { bands: [band(null, 0, -5)], minimum: 0, maximum: null }, /band 1 basisPoints/],
    ['fractional basis points', { bands: [band(null, 0, 12.5)], minimum: 0, maximum: null }, /band 1 basisPoints/],
    ['basis points above 100 %', { bands: [band(null, 0, 10_001)], minimum: 0, maximum: null }, /band 1 basisPoints/],
    ['a negative minimum', { bands: [band(null)], minimum: -1, maximum: null }, /minimum/],
    ['a negative maximum', { bands: [band(null)], minimum: 0, maximum: -1 }, /maximum/],
    ['a NaN minimum', { bands: [band(null)], minimum: NaN, maximum: null }, /minimum/],
    [
      'minimum above maximum',
      { bands: [band(null)], minimum: 200, maximum: 100 },
      /minimum \(200\) is above maximum \(100\)/,
    ],
  ])('rejects %s with a clear Error', (_name, schedule, message) => {
    expect(() => validateFeeSchedule(schedule)).toThrow(message);
  });
});

describe('defaultFeeSchedules', () => {
  it('has a valid schedule for every operation', () => {
    expect([...operations].sort()).toEqual(
      [
        'bill',
        'merchant_payment',
        'p2p',
        'payout',
        'topup_card',
        'topup_momo',
        'topup_om',
        'withdraw_momo',
        'withdraw_om',
      ].sort(),
    );
    for (const operation of operations) expect(() => validateFeeSchedule(defaultFeeSchedules[operation])).not.toThrow();
  });

  it('cannot be changed by a caller', () => {
    expect(Object.isFrozen(defaultFeeSchedules.p2p)).toBe(true);
    expect(Object.isFrozen(defaultFeeSchedules.p2p.bands)).toBe(true);
    expect(() => {
      (defaultFeeSchedules.p2p.bands[0] as FeeBand).fixed = 1;
    }).toThrow(TypeError);
  });

  it('lets wallet-to-wallet transfers up to 5 000 F go free, then charges a small banded fee', () => {
    expect(fee('p2p', 1)).toBe(0);
    expect(fee('p2p', 5_000)).toBe(0);
    expect(fee('p2p', 5_001)).toBe(50);
    expect(fee('p2p', 50_000)).toBe(50);
    expect(fee('p2p', 50_001)).toBe(100);
    expect(fee('p2p', 200_000)).toBe(100);
    expect(fee('p2p', 500_000)).toBe(250);
    expect(fee('p2p', 5_000_000)).toBe(500);
  });

  it('charges nothing for mobile-money top-ups and 3 % for card top-ups', () => {
    expect(fee('topup_momo', 50_000)).toBe(0);
    expect(fee('topup_om', 50_000)).toBe(0);
    expect(fee('topup_card', 10_000)).toBe(300);
    expect(fee('topup_card', 150)).toBe(5); // 4.5 rounds half up
  });

  it('charges withdrawals like a cash-out grid: about 2 % falling to 1 %, with a 50 F minimum and a cap', () => {
    for (const operation of ['withdraw_momo', 'withdraw_om'] as const) {
      expect(fee(operation, 500)).toBe(50);
      expect(fee(operation, 10_000)).toBe(200);
      expect(fee(operation, 10_001)).toBe(200);
      expect(fee(operation, 100_000)).toBe(1_550);
      expect(fee(operation, 100_001)).toBe(1_550);
      expect(fee(operation, 500_000)).toBe(5_550);
      expect(fee(operation, 2_000_000)).toBe(10_000);
    }
  });

  it('charges a flat 100 F per bill, nothing to the payer of a merchant, and 1 % (at least 100 F) per payout', () => {
    expect(fee('bill', 1_000)).toBe(100);
    expect(fee('bill', 250_000)).toBe(100);
    expect(fee('merchant_payment', 250_000)).toBe(0);
    expect(fee('payout', 5_000)).toBe(100);
    expect(fee('payout', 250_000)).toBe(2_500);
  });

  it('never charges less for a larger amount', () => {
    fc.assert(
      fc.property(fc.constantFrom(...operations), amountArb, amountArb, (operation, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(fee(operation, low)).toBeLessThanOrEqual(fee(operation, high));
      }),
    );
  });

  it('never charges less for one franc more, around every band edge', () => {
    for (const operation of operations) {
      for (const { upTo } of defaultFeeSchedules[operation].bands) {
        if (upTo === null) continue;
        for (let amount = Math.max(0, upTo - 2); amount <= upTo + 2; amount++) {
          expect(fee(operation, amount)).toBeLessThanOrEqual(fee(operation, amount + 1));
        }
      }
    }
  });
});
