/**
 * A command of tools/ run as support or the operator runs it (`npm run …`): in a child process, from the
 * repository's root, against the database at `uri`.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

const repositoryRoot = path.resolve(__dirname, '../..');

export interface ToolRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, in the order they came. */
  output: string;
}

/** Runs `tools/<script>` with `args` against the database at `uri`; resolves once it has exited. */
export function runTool(script: string, uri: string, ...args: string[]): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `tools/${script}`, ...args], {
      cwd: repositoryRoot,
      env: { ...process.env, MONGODB_URI: uri },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      output += chunk.toString();
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr, output }));
  });
}
