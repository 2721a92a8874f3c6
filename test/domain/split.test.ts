import fc from 'fast-check';
import { MAX_AMOUNT, francs } from '../../domain/money';
import { allocate, splitEvenly } from '../../domain/split';

const totalArb = fc.integer({ min: 0, max: MAX_AMOUNT }).map(francs);
const weightsArb = fc
  .array(fc.oneof(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })), {
    minLength: 1,
    maxLength: 20,
  })
  .filter((ws) => ws.some((w) => w > 0));

/** `part` is within one franc of `total × weight / sum`, checked exactly: |part × sum − total × weight| < sum. */
function withinOneFranc(part: number, total: number, weight: number, sum: bigint): boolean {
  const difference = BigInt(part) * sum - BigInt(total) * BigInt(weight);
  return (difference < 0n ? -difference : difference) < sum;
}

describe('allocate', () => {
  it('splits in proportion when the shares are whole', () => {
    expect(allocate(francs(10_000), [1, 1])).toEqual([5_000, 5_000]);
    expect(allocate(francs(10_000), [7_000, 2_000, 1_000])).toEqual([7_000, 2_000, 1_000]);
    expect(allocate(francs(9_000), [2, 1])).toEqual([6_000, 3_000]);
  });

  it('gives the leftover francs to the largest remainders', () => {
    // Exact shares 3.3, 3.6, 3.1: the one leftover franc goes to 3.6.
    expect(allocate(francs(10), [33, 36, 31])).toEqual([3, 4, 3]);
    // Exact shares 0.5, 0.3, 0.2 of 1 franc.
    expect(allocate(francs(1), [5, 3, 2])).toEqual([1, 0, 0]);
  });

  it('breaks ties by lowest index first', () => {
    expect(allocate(francs(100), [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(francs(2), [1, 1, 1])).toEqual([1, 1, 0]);
    // Exact shares 0.83, 1.67, 0.83, 1.67: three leftover francs go to the two .83s, then to the first .67.
    expect(allocate(francs(5), [1, 2, 1, 2])).toEqual([1, 2, 1, 1]);
  });

  it('gives nothing to a zero weight', () => {
    expect(allocate(francs(1_001), [0, 1, 0, 1])).toEqual([0, 501, 0, 500]);
  });

  it('splits zero into zeros', () => {
    expect(allocate(francs(0), [3, 1])).toEqual([0, 0]);
  });

  it('keeps large totals × large weights exact', () => {
    // 10^9 × (2^53 − 1) is far beyond 2^53; a float share would drift and lose or invent francs.
    const big = Number.MAX_SAFE_INTEGER;
    expect(allocate(francs(MAX_AMOUNT), [big, big - 1, 1])).toEqual([500_000_000, 500_000_000, 0]);
    expect(allocate(francs(MAX_AMOUNT), [1, big])).toEqual([0, MAX_AMOUNT]);
  });

  it.each<[string, number[]]>([
    ['no weights', []],
    ['a negative weight', [1, -1]],
    ['a fractional weight', [0.5, 0.5]],
    ['a NaN weight', [1, NaN]],
    ['an infinite weight', [Infinity, 1]],
    ['a weight beyond safe integers', [2 ** 53, 1]],
    ['all weights zero', [0, 0, 0]],
  ])('throws a RangeError for %s', (_name, weights) => {
    expect(() => allocate(francs(100), weights)).toThrow(RangeError);
  });

  it('always adds up exactly to the total, with whole non-negative parts', () => {
    fc.assert(
      fc.property(totalArb, weightsArb, (total, weights) => {
        const parts = allocate(total, weights);
        expect(parts).toHaveLength(weights.length);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        for (const part of parts) {
          expect(Number.isSafeInteger(part)).toBe(true);
          expect(part).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });

  it('keeps each part within one franc of its exact share', () => {
    fc.assert(
      fc.property(totalArb, weightsArb, (total, weights) => {
        const sum = weights.reduce((a, w) => a + BigInt(w), 0n);
        allocate(total, weights).forEach((part, i) => {
          expect(withinOneFranc(part, total, weights[i] ?? 0, sum)).toBe(true);
        });
      }),
    );
  });

  it('rounds up exactly the largest remainders, lowest index first among equals', () => {
    fc.assert(
      fc.property(totalArb, weightsArb, (total, weights) => {
        const sum = weights.reduce((a, w) => a + BigInt(w), 0n);
        const parts = allocate(total, weights);
        const remainder = (i: number) => (BigInt(total) * BigInt(weights[i] ?? 0)) % sum;
        const roundedUp = (i: number) => BigInt(parts[i] ?? 0) * sum > BigInt(total) * BigInt(weights[i] ?? 0);
        weights.forEach((_, i) => {
          weights.forEach((__, j) => {
            if (roundedUp(i) && !roundedUp(j)) {
              expect(remainder(i) > remainder(j) || (remainder(i) === remainder(j) && i < j)).toBe(true);
            }
          });
        });
      }),
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(totalArb, weightsArb, (total, weights) => {
        expect(allocate(total, weights)).toEqual(allocate(total, [...weights]));
      }),
    );
  });

  it('gives the same parts for weights scaled by a common factor', () => {
    fc.assert(
      fc.property(
        totalArb,
        weightsArb.filter((ws) => ws.every((w) => w <= 1_000_000)),
        fc.integer({ min: 1, max: 1_000 }),
        (total, weights, factor) => {
          expect(
            allocate(
              total,
              weights.map((w) => w * factor),
            ),
          ).toEqual(allocate(total, weights));
        },
      ),
    );
  });
});

describe('splitEvenly', () => {
  it('gives the extra francs to the first parts', () => {
    expect(splitEvenly(francs(100), 3)).toEqual([34, 33, 33]);
    expect(splitEvenly(francs(5), 3)).toEqual([2, 2, 1]);
    expect(splitEvenly(francs(2), 4)).toEqual([1, 1, 0, 0]);
    expect(splitEvenly(francs(9_000), 3)).toEqual([3_000, 3_000, 3_000]);
    expect(splitEvenly(francs(7), 1)).toEqual([7]);
  });

  it.each([0, -1, 1.5, NaN, Infinity])('throws a RangeError for %p parts', (n) => {
    expect(() => splitEvenly(francs(100), n)).toThrow(RangeError);
  });

  it('agrees with allocate on equal weights', () => {
    fc.assert(
      fc.property(totalArb, fc.integer({ min: 1, max: 50 }), (total, n) => {
        expect(splitEvenly(total, n)).toEqual(
          allocate(
            total,
            Array.from({ length: n }, () => 1),
          ),
        );
      }),
    );
  });

  it('adds up to the total with parts that differ by at most one franc', () => {
    fc.assert(
      fc.property(totalArb, fc.integer({ min: 1, max: 1_000 }), (total, n) => {
        const parts = splitEvenly(total, n);
        expect(parts).toHaveLength(n);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1);
      }),
    );
  });
});
