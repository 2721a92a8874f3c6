/**
 * Splitting an amount into whole-franc parts that always add up to it (largest-remainder allocation).
 *
 * Shares are computed exactly with BigInt: `total × weight` can exceed 2^53 (a billion francs × a weight in the
 * millions), and a rounded share would make the parts miss the total or favour the wrong party.
 */

import { francs, type Francs } from './money';

/**
 * Splits a total in proportion to integer weights, by largest remainder.
 *
 * Each part first gets the floor of its exact share `total × weight / Σweights`; the francs left over go one each to
 * the parts with the largest remainders, the lowest index first among equal remainders. So the parts are whole,
 * non-negative, add up exactly to the total, each is within one franc of its exact share, and the same input always
 * gives the same output. Weights must be non-negative safe integers (basis points, shares, counts), not all zero;
 * integers keep the arithmetic exact, and any ratio of decimals can be written as one.
 *
 * @throws RangeError for no weights, a negative, fractional or non-finite weight, or weights that are all zero.
 */
export function allocate(total: Francs, weights: readonly number[]): Francs[] {
  if (weights.length === 0) throw new RangeError('Cannot allocate: no weights given');
  weights.forEach((w, i) => {
    if (!Number.isSafeInteger(w) || w < 0) {
      throw new RangeError(`Cannot allocate: weight ${i} is ${w}; weights must be non-negative whole numbers`);
    }
  });
  const big = weights.map((w) => BigInt(w));
  const sum = big.reduce((a, b) => a + b, 0n);
  if (sum === 0n) throw new RangeError('Cannot allocate: all weights are zero');

  const bigTotal = BigInt(francs(total));
  const floors = big.map((w) => (bigTotal * w) / sum);
  const remainders = big.map((w) => (bigTotal * w) % sum);
  let leftover = Number(bigTotal - floors.reduce((a, b) => a + b, 0n));

  // Fewer leftover francs than parts (each floor loses less than one), so one pass in this order places them all.
  const order = weights.map((_, i) => i);
  order.sort((a, b) => {
    const ra = remainders[a] ?? 0n;
    const rb = remainders[b] ?? 0n;
    if (ra !== rb) return ra > rb ? -1 : 1;
    return a - b;
  });
  const parts = floors.map((f) => Number(f));
  for (const i of order) {
    if (leftover === 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    leftover -= 1;
  }
  return parts.map((p) => francs(p));
}

/**
 * Splits a total into n parts that differ by at most one franc; the first `total mod n` parts get the extra franc.
 *
 * @throws RangeError unless n is a positive safe integer.
 */
export function splitEvenly(total: Francs, n: number): Francs[] {
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new RangeError(`Cannot split into ${n} parts: the number of parts must be a positive whole number`);
  }
  const extra = total % n;
  const base = (total - extra) / n;
  return Array.from({ length: n }, (_, i) => francs(i < extra ? base + 1 : base));
}
