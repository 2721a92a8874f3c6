/**
 * Plain-text pieces of the benchmarks' reports: right-aligned tables and tallies, the same in every benchmark.
 */

/** A table with a header, a rule under it, and every cell right-aligned to its column. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, c) => cell.padStart(widths[c] ?? 0)).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** `3× TIMEOUT; 1× 500`, or `none`. */
export function describeCounts(counts: Record<string, number>): string {
  const entries = Object.entries(counts);
  return entries.length === 0 ? 'none' : entries.map(([k, v]) => `${v}× ${k}`).join('; ');
}
