import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../integrations/logger';

/**
 * A logger whose JSON lines are kept in memory, for a test to read as parsed lines or as text. The text leaves out
 * the clock and process fields because a secret's digits can turn up in them by chance (the PIN 4821 inside the
 * timestamp 1796464348218 failed a CI run), and a test that a PIN never reaches the logs must only fail on a leak.
 */
export function capturedLogs(level = 'debug'): {
  logger: Logger;
  lines: () => Record<string, unknown>[];
  text: () => string;
} {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  // Without pino's own fields on every line, which say when and where, not what.
  const text = () =>
    lines()
      .map(({ time: _time, pid: _pid, hostname: _hostname, ...said }) => `${JSON.stringify(said)}\n`)
      .join('');
  return { logger: createLogger({ level, destination }), lines, text };
}
