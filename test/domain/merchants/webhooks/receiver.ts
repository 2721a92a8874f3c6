/**
 * A merchant's webhook endpoint for tests: a real node:http server on an ephemeral loopback port that records every
 * request (headers and raw body) and answers as told, one behaviour per request in order, then `then` for the rest.
 */
import http, { type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Behaviour =
  | { status: number; body?: string; headers?: Record<string, string> }
  /** Never answers (the sender's timeout ends it). */
  | { hang: true }
  /** Sends the status and headers, then a body that trickles for `ms`. */
  | { status: number; slowBodyMs: number };

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  at: number;
}

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  /** Queues behaviours for the next requests. */
  answer(...behaviours: Behaviour[]): void;
  /** Forgets the queued behaviours and the requests seen: the default answer from now on. */
  reset(): void;
  close(): Promise<void>;
}

export async function startReceiver(then: Behaviour = { status: 200, body: '{"received":true}' }): Promise<Receiver> {
  const queue: Behaviour[] = [];
  const requests: ReceivedRequest[] = [];
  const open = new Set<ServerResponse>();
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        rawBody: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      });
      const behaviour = queue.shift() ?? then;
      open.add(res);
      res.on('close', () => open.delete(res));
      if ('hang' in behaviour) return;
      if ('slowBodyMs' in behaviour) {
        res.writeHead(behaviour.status, { 'Content-Type': 'text/plain' });
        res.write('slow');
        const timer = setTimeout(() => res.end('…done'), behaviour.slowBodyMs);
        timers.add(timer);
        return;
      }
      res.writeHead(behaviour.status, { 'Content-Type': 'application/json', ...behaviour.headers });
      res.end(behaviour.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    requests,
    answer: (...behaviours) => queue.push(...behaviours),
    reset() {
      queue.length = 0;
      requests.length = 0;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      for (const res of open) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A loopback URL nothing listens on: connecting is refused. */
export async function refusingUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/hooks`;
}
