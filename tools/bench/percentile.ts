/**
 * The nearest-rank percentile, the one every latency figure of the benchmarks uses.
 */

/** The p-th percentile (0–100) of ascending samples: the smallest sample with p % of the samples at or below it. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? 0;
}
