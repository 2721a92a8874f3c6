/**
 * Empty databases on the run's FerretDB for the contract suites' MongoDB side: one per test, opened on one
 * connection (`useDb` shares its sockets, so a fresh database costs no connection) and all dropped after the file.
 * Unlike useTestDatabase, no ledger check runs over them: the contract suites write store documents directly,
 * not through the ledger, so the ledger's invariants are not theirs to keep.
 */
import mongoose, { type Connection } from 'mongoose';
import { testDatabaseUri, uniqueDatabaseName } from '../support/database';

export function useFreshMongoDatabases(): { fresh(): Connection } {
  let base: Connection | undefined;
  const opened: Connection[] = [];
  beforeAll(async () => {
    base = await mongoose.createConnection(testDatabaseUri(uniqueDatabaseName('contract'))).asPromise();
  });
  afterAll(async () => {
    for (const connection of opened) await connection.dropDatabase().catch(() => undefined);
    await base?.dropDatabase().catch(() => undefined);
    await base?.close();
  });
  return {
    fresh() {
      if (!base) throw new Error('the contract database is not connected yet (use it inside a test)');
      const connection = base.useDb(uniqueDatabaseName('contract'), { useCache: false });
      opened.push(connection);
      return connection;
    },
  };
}
