/**
 * The benchmarks' database: their own FerretDB on a fresh PostgreSQL database (or a temporary SQLite folder), or an
 * existing server, with every step undone at the end, also on SIGINT/SIGTERM (the approach of benchLedger.ts).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Connection } from 'mongoose';
import { startLocalDatabase } from '../../integrations/localDatabase';

const repositoryRoot = path.resolve(__dirname, '..', '..');

/** Where a benchmark runs: a FerretDB it starts, on PostgreSQL or SQLite, or an existing server (`uri`). */
export interface DatabaseChoice {
  backend: 'postgresql' | 'sqlite';
  uri: string | null;
}

/** A running server and what to watch of it. */
export interface BenchDatabase {
  /** A mongodb:// URI; the benchmark's database is chosen with `dbName`. */
  uri: string;
  /** Printable: which backend, which database. */
  description: string;
  /** FerretDB's process, when we started it (its CPU is counted). */
  ferretdbPid: number | null;
  /** The PostgreSQL database we created, whose backends' CPU is counted; null otherwise. */
  postgresDatabase: string | null;
}

/** Seconds a clean-up step may take before the next one runs anyway. */
const CLEANUP_STEP_SECONDS = 20;

/** Steps that undo the setup, run once in reverse order whatever happened. */
export class Cleanups {
  private readonly steps: { name: string; run: () => Promise<void> | void }[] = [];
  private done: Promise<void> | null = null;

  constructor(private readonly log: (message: string) => void) {}

  /** Adds a step; it runs before the steps added earlier. */
  push(name: string, run: () => Promise<void> | void): void {
    this.steps.push({ name, run });
  }

  /** Runs every step once (later calls wait for the same run); a failing step is logged and the others still run. */
  run(): Promise<void> {
    this.done ??= (async () => {
      for (const step of this.steps.reverse()) {
        let timer: NodeJS.Timeout | undefined;
        // A step waiting on a stuck server (workers mid-command, a connection that never closes) must not keep
        // the later steps, which stop that server and drop its database, from running.
        const stuck = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer after ${CLEANUP_STEP_SECONDS} s`)),
            CLEANUP_STEP_SECONDS * 1_000,
          );
        });
        try {
          await Promise.race([step.run(), stuck]);
        } catch (error) {
          this.log(`cleanup: ${step.name} failed: ${String(error)}`);
        } finally {
          clearTimeout(timer);
        }
      }
    })();
    return this.done;
  }
}

/** The URI without its password, for printing. */
export function redacted(uri: string): string {
  return uri.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

function psql(adminUrl: string, sql: string): void {
  execFileSync('psql', [adminUrl, '-v', 'ON_ERROR_STOP=1', '-qc', sql], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/**
 * Starts the chosen server. PostgreSQL: a database `chatpay_bench_<pid>_<time>` is created through
 * BENCH_POSTGRES_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres) and dropped by the cleanups.
 */
export async function startBenchDatabase(choice: DatabaseChoice, cleanups: Cleanups): Promise<BenchDatabase> {
  if (choice.uri) {
    return {
      uri: choice.uri,
      description: `existing server (${redacted(choice.uri)})`,
      ferretdbPid: null,
      postgresDatabase: null,
    };
  }
  if (choice.backend === 'sqlite') {
    const directory = mkdtempSync(path.join(os.tmpdir(), 'chatpay-bench-'));
    cleanups.push('remove SQLite folder', () => rmSync(directory, { recursive: true, force: true }));
    const server = await startLocalDatabase({ kind: 'sqlite', directory });
    cleanups.push('stop FerretDB', () => server.stop());
    return {
      uri: server.uri,
      description: `FerretDB on SQLite (${directory})`,
      ferretdbPid: server.pid,
      postgresDatabase: null,
    };
  }
  const adminUrl = process.env.BENCH_POSTGRES_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `chatpay_bench_${process.pid}_${Date.now()}`;
  psql(adminUrl, `CREATE DATABASE ${name}`);
  cleanups.push(`drop PostgreSQL database ${name}`, () =>
    psql(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  );
  const server = await startLocalDatabase({ kind: 'postgresql', url: adminUrl.replace(/\/[^/]*$/, `/${name}`) });
  cleanups.push('stop FerretDB', () => server.stop());
  return {
    uri: server.uri,
    description: `FerretDB on PostgreSQL (database ${name})`,
    ferretdbPid: server.pid,
    postgresDatabase: name,
  };
}

/** The server's name and version as it reports them (FerretDB's pinned version from go.mod when it does not). */
export async function serverVersion(connection: Connection): Promise<string> {
  const pinned = /github\.com\/FerretDB\/FerretDB (v\S+)/.exec(
    readFileSync(path.join(repositoryRoot, 'tools', 'ferretdb', 'go.mod'), 'utf8'),
  )?.[1];
  try {
    const info = await connection.getClient().db('admin').command({ buildInfo: 1 });
    const ferret = typeof info.ferretdbVersion === 'string' ? info.ferretdbVersion : null;
    const wire = typeof info.version === 'string' ? info.version : '?';
    if (ferret && ferret !== 'unknown') return `FerretDB ${ferret} (reports MongoDB ${wire})`;
    if (info.ferretdbFeatures || ferret) return `FerretDB ${pinned ?? '?'} (go.mod; reports MongoDB ${wire})`;
    return `MongoDB ${wire}`;
  } catch {
    return pinned ? `FerretDB ${pinned} (go.mod)` : 'unknown';
  }
}
