/**
 * Gives a test file its own database on the run's FerretDB, and removes it afterwards.
 * Usage: `const db = useTestDatabase();` at the top of a describe; then `db.connection` inside tests.
 */
import { randomBytes } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';

export function testDatabaseUri(name: string): string {
  const base = process.env.TEST_MONGODB_URI;
  if (!base) throw new Error('TEST_MONGODB_URI is not set: run the tests through jest (test/support/globalSetup.ts)');
  return `${base.replace(/\/$/, '')}/${name}`;
}

export function uniqueDatabaseName(prefix = 't'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

export function useTestDatabase(): { readonly connection: Connection; readonly uri: string } {
  let connection: Connection | undefined;
  const uri = testDatabaseUri(uniqueDatabaseName());
  beforeAll(async () => {
    connection = await mongoose.createConnection(uri).asPromise();
  });
  afterAll(async () => {
    await connection?.dropDatabase().catch(() => undefined);
    await connection?.close();
  });
  return {
    uri,
    get connection() {
      if (!connection) throw new Error('the test database is not connected yet (use it inside a test)');
      return connection;
    },
  };
}
