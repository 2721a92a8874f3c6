/**
 * `npm run reconcile`: each rail's clearing account in the ledger against the rail's settlement report (from our
 * simulators, or a CSV file downloaded from the provider's portal), over a period. Lists every mismatched, pending
 * or in-review payment with what would settle it. Changes nothing.
 *
 *   npm run reconcile -- [--from ISO] [--to ISO] [--rail mtn_momo|orange_money|card|bills]...
 *                        [--report <rail>=<file.csv>]... [--simulators http://127.0.0.1:PORT --admin-token X] [--json]
 *
 * Database from the same settings as the other tools (MONGODB_URI or the local database).
 * Exits 0 when nothing is mismatched, 1 on any mismatch, 2 on bad usage or a report or database out of reach.
 */
import type { ReconciledRail, SettlementReportSource } from '../domain/reconciliation/settlementReport';
import { reconcileRail, type RailReconciliation } from '../domain/reconciliation/reconcileRail';
import { loadConfig } from '../integrations/config';
import { ShortReferences } from '../domain/shortReferences';
import { MongoShortReferenceStore } from '../integrations/mongo/shortReferenceStore';
import { connectDatabase } from '../integrations/database';
import { BILLER_IDS, setUpLedger } from '../integrations/ledgerSetup';
import { createLogger } from '../integrations/logger';
import { orangeOrderId } from '../integrations/orangeMoney/orderId';
import { csvReports } from './reconcile/csvReports';
import { asJson, printRail, printSummary } from './reconcile/printReconciliation';
import { parseReconcileArgs, USAGE, type ReconcileArgs } from './reconcile/reconcileArgs';
import { simulatorReports } from './reconcile/simulatorReports';

/** The report source of each rail: its CSV file when given, else the simulators. */
function sourceOf(args: ReconcileArgs, rail: ReconciledRail): SettlementReportSource {
  if (args.reports[rail] !== undefined) return csvReports(args.reports);
  return simulatorReports(args.simulators!);
}

/** Orange gets a shortened orderId when the transfer id does not fit its limits (integrations/orangeMoney). */
function sentReferenceOf(rail: ReconciledRail): ((transferId: string) => string) | undefined {
  return rail === 'orange_money' ? orangeOrderId : undefined;
}

async function main(argv: string[]): Promise<number> {
  const config = loadConfig();
  const args = parseReconcileArgs(argv, config.SIMULATORS_ADMIN_TOKEN, new Date());
  if ('error' in args) {
    console.error(`${args.error}\n${USAGE}`);
    return 2;
  }
  const database = await connectDatabase(config, createLogger({ level: 'warn' }));
  try {
    const { store } = await setUpLedger(database.connection);
    // The rails are sent each operation's short reference (MTN externalId, Orange orderId, Notch Pay reference)
    // when it has one: a report's reference is looked up there first, else taken as the transfer id itself.
    const shortReferences = new ShortReferences(new MongoShortReferenceStore(database.connection));
    const transferIdOf = async (reference: string) => (await shortReferences.resolve(reference)) ?? reference;
    const results: RailReconciliation[] = [];
    for (const rail of args.rails) {
      const sent = sentReferenceOf(rail);
      results.push(
        await reconcileRail({
          rail,
          period: args.period,
          store,
          source: sourceOf(args, rail),
          billerIds: BILLER_IDS,
          transferIdOf,
          ...(sent ? { sentReferenceOf: sent } : {}),
        }),
      );
    }
    if (args.json) console.log(asJson(results));
    else {
      for (const result of results) printRail(result, (line) => console.log(line));
      printSummary(results, (line) => console.log(line));
    }
    return results.some((r) => r.mismatches > 0) ? 1 : 0;
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
