/**
 * Settlement reports from CSV files a person downloaded from a provider's portal and mapped into our format
 * (domain/reconciliation/settlementCsv.ts): one file per rail. A file with any bad line is refused as a whole,
 * with every bad line's number, so a comparison never runs on half a report.
 */
import { readFile } from 'node:fs/promises';
import { parseSettlementCsv } from '../../domain/reconciliation/settlementCsv';
import type {
  ReconciledRail,
  SettlementLine,
  SettlementReportSource,
} from '../../domain/reconciliation/settlementReport';
import { ReportUnavailable } from './simulatorReports';

export function csvReports(files: Partial<Record<ReconciledRail, string>>): SettlementReportSource {
  return {
    // The file is the provider's whole export: every line is passed on, and the comparison keeps the period's.
    async lines(rail: ReconciledRail): Promise<SettlementLine[]> {
      const file = files[rail];
      if (!file) throw new ReportUnavailable(`${rail}: no report file given`);
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        const code = (error as { code?: string }).code ?? 'unreadable';
        throw new ReportUnavailable(`${rail}: cannot read ${file} (${code})`);
      }
      const { lines, problems } = parseSettlementCsv(text);
      if (problems.length > 0) {
        const listed = problems.map((p) => `  ${file}:${p.line}: ${p.message}`).join('\n');
        throw new ReportUnavailable(`${rail}: ${problems.length} bad line(s) in ${file}\n${listed}`);
      }
      return lines;
    },
  };
}
