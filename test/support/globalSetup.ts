/**
 * Starts one FerretDB for the whole test run. Each test file then works in databases of its own
 * (test/support/database.ts), so files never see each other's data.
 *
 * Backend: PostgreSQL by default (measured about twice the insert rate of SQLite under concurrency on this
 * machine, see BENCHMARKS.md), in a PostgreSQL database made for this run and dropped at the end.
 * TEST_DB_BACKEND=sqlite uses a temporary SQLite folder instead; TEST_MONGODB_URI points at any running server.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalDatabase, type LocalDatabase } from '../../integrations/localDatabase';

declare global {
  var __testDatabase: { server?: LocalDatabase; dropPostgres?: () => void; removeDirectory?: () => void } | undefined;
}

function psql(adminUrl: string, sql: string): void {
  execFileSync('psql', [adminUrl, '-v', 'ON_ERROR_STOP=1', '-qc', sql], { stdio: 'ignore' });
}

async function startOnSqlite(): Promise<void> {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'chatpay-test-'));
  const server = await startLocalDatabase({ kind: 'sqlite', directory });
  globalThis.__testDatabase = { server, removeDirectory: () => rmSync(directory, { recursive: true, force: true }) };
  process.env.TEST_MONGODB_URI = server.uri;
}

export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_MONGODB_URI) return;
  const backend = process.env.TEST_DB_BACKEND ?? 'postgresql';
  if (backend === 'sqlite') return startOnSqlite();
  const adminUrl = process.env.TEST_POSTGRES_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  try {
    psql(adminUrl, 'SELECT 1');
  } catch {
    console.warn(`\nPostgreSQL is not reachable at ${adminUrl}: testing on FerretDB's SQLite backend instead.`);
    return startOnSqlite();
  }
  const name = `chatpay_test_${process.pid}_${Date.now()}`;
  psql(adminUrl, `CREATE DATABASE ${name}`);
  const dropPostgres = () => psql(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  try {
    const server = await startLocalDatabase({ kind: 'postgresql', url: adminUrl.replace(/\/[^/]*$/, `/${name}`) });
    globalThis.__testDatabase = { server, dropPostgres };
    process.env.TEST_MONGODB_URI = server.uri;
  } catch (error) {
    dropPostgres();
    throw error;
  }
}
