/**
 * The product's real start (bots/app/main.ts) as a child process, as `npm start` runs it: its output, its exit, and
 * free ports for its two HTTP servers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const repositoryRoot = path.resolve(__dirname, '..', '..', '..', '..');

/** A port nothing listens on now. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface MainProcess {
  readonly child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves when the output contains `text`; rejects when the process exits first or after timeoutMs. */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts bots/app/main.ts with stdin closed (no terminal) and only the given environment (plus PATH and HOME), its
 * logs in a temporary folder.
 */
export function startMain(env: Record<string, string>): MainProcess {
  const dataDirectory = mkdtempSync(path.join(os.tmpdir(), 'chatpay-main-'));
  // `--import tsx` keeps it one process, so the signal reaches the product itself.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repositoryRoot, 'bots/app/main.ts')], {
    cwd: repositoryRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? os.tmpdir(),
      LOCAL_DB_DIR: path.join(dataDirectory, 'ferretdb'),
      ...env,
    },
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let ended = false;
  void exit.then(() => (ended = true));
  return {
    child,
    output: () => output,
    exited: () => exit,
    async waitFor(text, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (!output.includes(text)) {
        if (ended) throw new Error(`the process ended before printing "${text}":\n${output}`);
        if (Date.now() > deadline) throw new Error(`no "${text}" after ${timeoutMs} ms:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
}

/** Waits for the process to end, up to timeoutMs; kills it and returns null if it is still running then. */
export async function endedWithin(main: MainProcess, timeoutMs: number) {
  const late = new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs).unref());
  const ended = await Promise.race([main.exited(), late]);
  if (ended === null) {
    main.child.kill('SIGKILL');
    await main.exited();
  }
  return ended;
}
