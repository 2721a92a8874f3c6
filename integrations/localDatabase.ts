/**
 * Starts a local MongoDB wire-compatible server (FerretDB v1.24.2 through our launcher in tools/ferretdb) for
 * development and tests, where no MongoDB server can be installed. Production sets MONGODB_URI instead.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import mongoose from 'mongoose';

export type LocalDatabaseBackend = { kind: 'sqlite'; directory: string } | { kind: 'postgresql'; url: string };

export interface LocalDatabase {
  /** A mongodb:// URI without a database name; append `/<name>`. */
  readonly uri: string;
  readonly pid: number;
  stop(): Promise<void>;
}

const repositoryRoot = path.resolve(__dirname, '..');

/** Builds the launcher on first use (cached per machine) and returns the binary's path. */
export function ferretdbBinary(): string {
  const script = path.join(repositoryRoot, 'scripts', 'ferretdb-build.sh');
  return execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function waitUntilServing(uri: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`FerretDB exited with code ${child.exitCode} before serving`);
    const client = new mongoose.mongo.MongoClient(uri, { serverSelectionTimeoutMS: 500, connectTimeoutMS: 500 });
    try {
      await client.connect();
      await client.db('admin').command({ ping: 1 });
      return;
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await client.close().catch(() => undefined);
    }
  }
  throw new Error(`FerretDB did not answer within ${timeoutMs} ms: ${String(lastError)}`);
}

/** Starts FerretDB on a free loopback port and resolves once it answers a ping. */
export async function startLocalDatabase(
  backend: LocalDatabaseBackend,
  options: { port?: number; logLevel?: 'debug' | 'info' | 'warn' | 'error' | 'off' } = {},
): Promise<LocalDatabase> {
  const logLevel = options.logLevel ?? 'off';
  const binary = ferretdbBinary();
  const listenPort = options.port ?? (await freePort());
  const args = ['-listen', `127.0.0.1:${listenPort}`, '-log-level', logLevel];
  if (backend.kind === 'sqlite') {
    mkdirSync(backend.directory, { recursive: true });
    args.push('-handler', 'sqlite', '-sqlite-url', `file:${backend.directory.replace(/\/?$/, '/')}`);
  } else {
    args.push('-handler', 'postgresql', '-postgresql-url', backend.url);
  }
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  const uri = `mongodb://127.0.0.1:${listenPort}`;
  try {
    await waitUntilServing(uri, child, 20_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    uri,
    pid: child.pid ?? -1,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
