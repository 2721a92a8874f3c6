/**
 * Helpers for tests of the HTTP server and its channels: logs captured as parsed lines, the app served on a free
 * port, and raw requests for what fetch will not send (a forged Host header).
 */
import http from 'node:http';
import type { Express } from 'express';
import { startHttpServer, type RunningHttpServer } from '../../../../bots/channels/http/server';

export { capturedLogs } from '../../../support/capturedLogs';

/** The app listening on a free loopback port, with its base URL. */
export async function serve(app: Express): Promise<RunningHttpServer & { url: string }> {
  const running = await startHttpServer(app, 0, { host: '127.0.0.1', graceMs: 5000 });
  return Object.assign(running, { url: `http://127.0.0.1:${running.port}` });
}

/** A request sent as written, any header included (fetch replaces Host with the real one). */
export function rawRequest(
  url: string,
  options: { method: string; headers: Record<string, string>; body?: string },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: options.method, headers: options.headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    request.on('error', reject);
    request.end(options.body);
  });
}
