/**
 * The product's start: the one place that wires everything together. Today it brings up the database (local
 * FerretDB on SQLite unless MONGODB_URI is set), the ledger with its indexes and system accounts, and the
 * recovery worker; the conversations and channels are wired here as they are built.
 */
import { startRecoveryWorker } from '../domain/ledger/recovery';
import { ConfigError, loadConfig } from '../integrations/config';
import { connectDatabase } from '../integrations/database';
import { setUpLedger } from '../integrations/ledgerSetup';
import { createLogger } from '../integrations/logger';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG: the start is stopped by a setting, named in the message
    }
    throw error;
  }
  const logger = createLogger({ level: config.LOG_LEVEL });
  const database = await connectDatabase(config, logger);
  const { ledger } = await setUpLedger(database.connection);

  const recovery = startRecoveryWorker(ledger, {
    intervalMs: config.RECOVERY_INTERVAL_MS,
    graceMs: config.RECOVERY_GRACE_MS,
    maxUndecidedAgeMs: config.LEDGER_UNDECIDED_MAX_AGE_MS,
    askRailAfterMs: config.PENDING_TRANSFER_TTL_MS,
    onReport: (report) => {
      if (report.examined > 0) logger.info({ recovery: report }, 'ledger recovery pass');
    },
  });
  logger.info({ database: config.MONGODB_URI ? 'MONGODB_URI' : 'local' }, 'ledger ready; recovery worker running');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await recovery.stop();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
