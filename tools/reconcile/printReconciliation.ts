/**
 * How `npm run reconcile` shows its findings: per rail, the period's totals and a table of everything that is not
 * simply matched (matched payments are counted, not listed), then a summary line. Or all of it as JSON.
 */
import type { Finding } from '../../domain/reconciliation/compareSettlement';
import type { RailReconciliation } from '../../domain/reconciliation/reconcileRail';
import { formatFrancs } from '../../domain/money';

function francs(amount: number | null): string {
  return amount === null ? '-' : formatFrancs(amount);
}

function row(finding: Finding): string[] {
  return [
    finding.mismatch ? `MISMATCH ${finding.kind}` : finding.kind,
    finding.direction,
    finding.reference,
    finding.providerReference ?? '-',
    `${francs(finding.ledgerAmount)} ${finding.ledgerState ?? 'absent'}`,
    `${francs(finding.providerAmount)} ${finding.providerStatus ?? 'absent'}`,
    finding.settle,
  ];
}

const HEADER = ['finding', 'dir', 'transfer / reference', 'provider ref', 'ledger', 'provider', 'what would settle it'];

/** Columns padded to their widest cell; the last one is left as it is. */
function table(rows: string[][]): string[] {
  const widths = HEADER.map((_, column) => Math.max(...rows.map((cells) => cells[column]!.length)));
  return rows.map((cells) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd(),
  );
}

export function printRail(result: RailReconciliation, print: (line: string) => void): void {
  const listed = result.findings.filter((f) => f.kind !== 'matched');
  const pending = listed.filter((f) => f.kind === 'pending').length;
  const review = listed.filter((f) => f.kind === 'in_review').length;
  print(`== ${result.rail}: ${result.period.from.toISOString()} to ${result.period.to.toISOString()}`);
  print(
    `   report lines ${result.reportLines}; matched ${result.matched}, mismatches ${result.mismatches}, ` +
      `pending ${pending}, in review ${review}`,
  );
  for (const direction of ['collect', 'payout'] as const) {
    const t = result.totals[direction];
    if (t.ledger === 0 && t.provider === 0) continue;
    print(`   ${direction}: ledger posted ${formatFrancs(t.ledger)}, provider succeeded ${formatFrancs(t.provider)}`);
  }
  if (listed.length === 0) return;
  for (const line of table([HEADER, ...listed.map(row)])) print(`   ${line}`);
}

export function printSummary(results: readonly RailReconciliation[], print: (line: string) => void): void {
  const mismatched = results.filter((r) => r.mismatches > 0);
  if (mismatched.length === 0) {
    print(`OK: no mismatch on ${results.map((r) => r.rail).join(', ')}`);
    return;
  }
  const total = mismatched.reduce((sum, r) => sum + r.mismatches, 0);
  print(`MISMATCH: ${total} on ${mismatched.map((r) => `${r.rail} (${r.mismatches})`).join(', ')}`);
}

export function asJson(results: readonly RailReconciliation[]): string {
  return JSON.stringify(
    {
      ok: results.every((r) => r.mismatches === 0),
      rails: results.map((r) => ({
        ...r,
        period: { from: r.period.from.toISOString(), to: r.period.to.toISOString() },
      })),
    },
    null,
    2,
  );
}
