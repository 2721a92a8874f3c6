/**
 * `npm run ledger:check`: verifies every ledger invariant over the whole store and prints a report.
 * Exits 1 on any violation, 0 otherwise (transfers still in flight are listed, not counted as violations:
 * recovery finishes them; run again after it has).
 */
import { checkLedger } from '../domain/ledger/invariants';
import { loadConfig } from '../integrations/config';
import { connectDatabase } from '../integrations/database';
import { setUpLedger } from '../integrations/ledgerSetup';
import { createLogger } from '../integrations/logger';
import { formatFrancs } from '../domain/money';

async function main(): Promise<number> {
  const config = loadConfig();
  const logger = createLogger({ level: 'warn' });
  const database = await connectDatabase(config, logger);
  try {
    const { store } = await setUpLedger(database.connection);
    const report = await checkLedger(store);
    const t = report.totals;
    console.log(`accounts ${report.accounts}, transfers ${report.transfers}, entries ${report.entries}`);
    console.log(`posted:  debits ${formatFrancs(t.debitsPosted)}, credits ${formatFrancs(t.creditsPosted)}`);
    console.log(`pending: debits ${formatFrancs(t.debitsPending)}, credits ${formatFrancs(t.creditsPending)}`);
    if (report.inFlight.length > 0) {
      console.log(`in flight (recovery will finish them): ${report.inFlight.length}`);
      for (const id of report.inFlight.slice(0, 20)) console.log(`  ${id}`);
    }
    if (report.violations.length === 0) {
      console.log('OK: every invariant holds');
      return 0;
    }
    console.log(`VIOLATIONS: ${report.violations.length}`);
    for (const violation of report.violations) console.log(`  ${violation}`);
    return 1;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
