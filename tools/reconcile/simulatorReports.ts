/**
 * Settlement reports fetched from our provider simulators over HTTP: `GET <base><mount>/_admin/settlement?from=&to=`
 * with the simulators' admin token (sent both as a Bearer token, as the MTN simulator reads it, and as
 * `X-Admin-Token`, as the others do). The body is validated; any failure is a ReportUnavailable, whose message
 * never carries the token.
 */
import { z } from 'zod';
import type {
  Period,
  ReconciledRail,
  SettlementLine,
  SettlementReportSource,
} from '../../domain/reconciliation/settlementReport';
import { NOTCH_PAY_SIMULATOR_PATH } from '../../integrations/notchPay/simulator/notchPaySimulator';
import { SMOBILPAY_SIMULATOR_PATH } from '../../integrations/smobilpay/simulator/smobilpaySimulator';

/** Where `npm start` mounts each rail's simulator. */
export const SIMULATOR_MOUNTS: Record<ReconciledRail, string> = {
  mtn_momo: '/simulators/mtn-momo',
  orange_money: '/simulators/orange-money',
  card: NOTCH_PAY_SIMULATOR_PATH,
  bank: '/simulators/bank',
  bills: SMOBILPAY_SIMULATOR_PATH,
};

/** The report could not be had (connection refused, timeout, refused token, a body we cannot read). */
export class ReportUnavailable extends Error {}

const lineSchema = z.object({
  providerReference: z.string(),
  ourReference: z.string(),
  direction: z.enum(['collect', 'payout']),
  amount: z.number().finite(),
  status: z.enum(['succeeded', 'failed', 'pending']),
  at: z.string().datetime({ offset: true }),
});
const reportSchema = z.object({ lines: z.array(lineSchema) });

export function simulatorReports(options: {
  baseUrl: string;
  adminToken: string;
  timeoutMs?: number;
}): SettlementReportSource {
  const base = options.baseUrl.replace(/\/+$/, '');
  return {
    async lines(rail: ReconciledRail, period: Period): Promise<SettlementLine[]> {
      const query = new URLSearchParams({ from: period.from.toISOString(), to: period.to.toISOString() });
      const url = `${base}${SIMULATOR_MOUNTS[rail]}/_admin/settlement?${query}`;
      let response: Response;
      try {
        response = await fetch(url, {
          headers: { Authorization: `Bearer ${options.adminToken}`, 'X-Admin-Token': options.adminToken },
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
      } catch (error) {
        const why = error instanceof Error ? error.name : 'error';
        throw new ReportUnavailable(`${rail}: no answer from ${base}${SIMULATOR_MOUNTS[rail]} (${why})`);
      }
      if (!response.ok) {
        const hint = response.status === 401 || response.status === 404 ? ' (admin token wrong or not set?)' : '';
        throw new ReportUnavailable(`${rail}: the simulator answered ${response.status}${hint}`);
      }
      const parsed = reportSchema.safeParse(await response.json().catch(() => null));
      if (!parsed.success) throw new ReportUnavailable(`${rail}: the simulator's report could not be read`);
      return parsed.data.lines.map((line) => ({ ...line, at: new Date(line.at) }));
    },
  };
}
