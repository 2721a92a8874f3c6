/**
 * Gives a test file its own database on the run's FerretDB, and removes it afterwards.
 * Usage: `const db = useTestDatabase();` at the top of a describe; then `db.connection` inside tests.
 */
import { randomBytes } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';
import { checkLedger } from '../../domain/ledger/invariants';
import { MongoLedgerStore } from '../../integrations/mongo/mongoLedgerStore';

export function testDatabaseUri(name: string): string {
  const base = process.env.TEST_MONGODB_URI;
  if (!base) throw new Error('TEST_MONGODB_URI is not set: run the tests through jest (test/support/globalSetup.ts)');
  return `${base.replace(/\/$/, '')}/${name}`;
}

export function uniqueDatabaseName(prefix = 't'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

/**
 * What `npm run ledger:check` says of a database: fails with the violations, if any (transfers still in flight are
 * not violations: recovery finishes them). Databases without a ledger pass.
 */
export async function expectLedgerChecked(connection: Connection): Promise<void> {
  const collections = await connection.db!.listCollections({ name: 'ledger_accounts' }).toArray();
  if (collections.length === 0) return;
  const { violations } = await checkLedger(new MongoLedgerStore(connection));
  if (violations.length > 0) {
    throw new Error(`ledger:check finds ${violations.length} violation(s) after this file:\n${violations.join('\n')}`);
  }
}

/**
 * The file's own database, dropped after its tests; before that, every ledger invariant is checked over everything
 * the file's tests left in it, as `npm run ledger:check` would. `ledgerTamperedOnPurpose` is for the tests that
 * break the ledger to see the check catch it.
 */
export function useTestDatabase(options: { ledgerTamperedOnPurpose?: boolean } = {}): {
  readonly connection: Connection;
  readonly uri: string;
} {
  let connection: Connection | undefined;
  const uri = testDatabaseUri(uniqueDatabaseName());
  beforeAll(async () => {
    connection = await mongoose.createConnection(uri).asPromise();
  });
  afterAll(async () => {
    try {
      if (connection && !options.ledgerTamperedOnPurpose) await expectLedgerChecked(connection);
    } finally {
      await connection?.dropDatabase().catch(() => undefined);
      await connection?.close();
    }
  });
  return {
    uri,
    get connection() {
      if (!connection) throw new Error('the test database is not connected yet (use it inside a test)');
      return connection;
    },
  };
}
