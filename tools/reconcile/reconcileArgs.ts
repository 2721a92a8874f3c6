/**
 * The command line of `npm run reconcile` (see tools/reconcile.ts), read into what to compare, or a usage error.
 * The simulators' admin token may come from the product's SIMULATORS_ADMIN_TOKEN setting instead of the command
 * line, which other users of the machine can read.
 */
import { parseArgs } from 'node:util';
import {
  isReconciledRail,
  parsePeriod,
  RECONCILED_RAILS,
  type Period,
  type ReconciledRail,
} from '../../domain/reconciliation/settlementReport';

export const USAGE = [
  'usage: npm run reconcile -- [--from ISO] [--to ISO] [--rail mtn_momo|orange_money|card|bills]...',
  '         [--report <rail>=<file.csv>]... [--simulators http://127.0.0.1:PORT --admin-token X] [--json]',
  '  default period: the 24 hours before --to (default: now); default rails: those with a report source',
].join('\n');

export interface ReconcileArgs {
  period: Period;
  rails: ReconciledRail[];
  /** CSV files by rail; a rail with a file is read from it, others from the simulators. */
  reports: Partial<Record<ReconciledRail, string>>;
  simulators: { baseUrl: string; adminToken: string } | null;
  json: boolean;
}

const DAY_MS = 24 * 60 * 60_000;

export function parseReconcileArgs(
  argv: string[],
  /** SIMULATORS_ADMIN_TOKEN, when the configuration has it. */
  configuredAdminToken: string | undefined,
  now: Date,
): ReconcileArgs | { error: string } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        rail: { type: 'string', multiple: true },
        report: { type: 'string', multiple: true },
        simulators: { type: 'string' },
        'admin-token': { type: 'string' },
        json: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { error: error instanceof Error ? error.message : 'bad arguments' };
  }
  const to = values.to ?? now.toISOString();
  const from = values.from ?? new Date(new Date(to).getTime() - DAY_MS).toISOString();
  const period = parsePeriod(from, to);
  if ('error' in period) return { error: `period: ${period.error}` };

  const reports: Partial<Record<ReconciledRail, string>> = {};
  for (const spec of values.report ?? []) {
    const [rail, ...file] = spec.split('=');
    if (!rail || !isReconciledRail(rail) || file.join('=') === '') {
      return { error: `--report ${spec}: expected <rail>=<file.csv> with a rail of ${RECONCILED_RAILS.join(', ')}` };
    }
    reports[rail] = file.join('=');
  }

  let simulators: ReconcileArgs['simulators'] = null;
  if (values.simulators !== undefined) {
    const adminToken = values['admin-token'] ?? configuredAdminToken ?? '';
    if (adminToken === '') return { error: '--simulators needs --admin-token (or SIMULATORS_ADMIN_TOKEN)' };
    if (!/^https?:\/\/\S+$/.test(values.simulators)) return { error: '--simulators must be an http(s) URL' };
    simulators = { baseUrl: values.simulators, adminToken };
  }

  const asked = values.rail ?? [];
  const unknown = asked.find((rail) => !isReconciledRail(rail));
  if (unknown !== undefined) return { error: `--rail ${unknown}: expected one of ${RECONCILED_RAILS.join(', ')}` };
  const withSource = RECONCILED_RAILS.filter((rail) => reports[rail] !== undefined || simulators !== null);
  const rails = asked.length > 0 ? [...new Set(asked as ReconciledRail[])] : withSource;
  const sourceless = rails.find((rail) => reports[rail] === undefined && simulators === null);
  if (sourceless !== undefined) return { error: `${sourceless}: no report (give --report or --simulators)` };
  if (rails.length === 0) return { error: 'nothing to compare: give --report or --simulators' };
  return { period, rails, reports, simulators, json: values.json ?? false };
}
