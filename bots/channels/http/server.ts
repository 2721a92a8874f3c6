/**
 * The HTTP server: probes (/healthz, /readyz), Prometheus metrics (/metrics), and the channels' webhook routers,
 * behind security headers, body size limits, one log line per request and one error mapping. Stopping it stops
 * accepting connections, lets the turns in flight finish, then closes.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler, type Express, type Router } from 'express';
import helmet from 'helmet';
import type { Logger } from '../../../integrations/logger';
import { bodyParsers, DEFAULT_BODY_LIMIT } from './bodies';
import { errorHandler, notFound } from './errors';
import type { Metrics } from './metrics';
import type { Readiness } from './readiness';
import { requestLog } from './requestLog';
import type { ChannelTurns } from './turns';

/** A channel's webhook routes, mounted at `path` (e.g. `/webhooks/sms`). */
export interface HttpChannel {
  path: string;
  router: Router;
  /**
   * Answers the errors of requests under `path`, the body parsers' included (they run before any router): for a
   * channel whose errors have their own shape (the merchant API). The server's own handler otherwise.
   */
  errors?: ErrorRequestHandler;
}

export interface HttpAppOptions {
  /** The turns the channels run: the server waits for them when it stops. */
  turns: ChannelTurns;
  /** Whether this process can serve now (e.g. databaseReadiness); /readyz answers 503 when not. */
  readiness: () => Promise<Readiness>;
  metrics: Metrics;
  logger: Logger;
  channels: readonly HttpChannel[];
  /**
   * Who may read /metrics (it tells how busy the service is and what fails): anyone who reaches this app ('open',
   * for a listener on loopback only), a scraper sending `Authorization: Bearer <token>`, or nobody (the default:
   * /metrics is not found).
   */
  metricsAccess?: MetricsAccess;
  /** The largest request body accepted (an Express size such as '32kb'). */
  bodyLimit?: string;
}

export type MetricsAccess = 'open' | 'closed' | { bearer: string };

/** What the app and its server share: whether it is stopping, and the turns to wait for. */
interface Lifecycle {
  stopping: boolean;
  turns: ChannelTurns;
}

const lifecycles = new WeakMap<Express, Lifecycle>();

const PROBE_ROUTES = ['/healthz', '/readyz', '/metrics'];

/** Builds the Express app; start it with startHttpServer. */
export function createHttpApp(options: HttpAppOptions): Express {
  const { metrics, logger } = options;
  const lifecycle: Lifecycle = { stopping: false, turns: options.turns };
  const app = express();
  lifecycles.set(app, lifecycle);
  // Nothing here depends on the client's address, and the Host header is never trusted (PUBLIC_URL is).
  app.set('trust proxy', false);
  app.set('etag', false);
  app.use(requestLog({ logger, metrics, routes: [...PROBE_ROUTES, ...options.channels.map((c) => c.path)] }));
  app.use(helmet());
  app.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    // A request that reached us on a kept-alive connection while stopping is served, then its connection closed.
    if (lifecycle.stopping) res.setHeader('Connection', 'close');
    next();
  });
  app.use(bodyParsers(options.bodyLimit ?? DEFAULT_BODY_LIMIT));

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/readyz', async (_req, res) => {
    if (lifecycle.stopping) {
      res.status(503).json({ ok: false, details: { stopping: true } });
      return;
    }
    const readiness = await options.readiness().catch((): Readiness => ({ ok: false, details: { check: 'failed' } }));
    res.status(readiness.ok ? 200 : 503).json(readiness);
  });
  const metricsAccess = options.metricsAccess ?? 'closed';
  if (metricsAccess !== 'closed') {
    app.get('/metrics', async (req, res) => {
      if (metricsAccess !== 'open') {
        const sent = bearerToken(req.get('authorization'));
        if (sent === null) {
          res.status(401).setHeader('WWW-Authenticate', 'Bearer').json({ error: 'unauthorized' });
          return;
        }
        if (!sameSecret(sent, metricsAccess.bearer)) {
          res.status(403).json({ error: 'forbidden' });
          return;
        }
      }
      const { contentType, text } = await metrics.exposition();
      res.type(contentType).send(text);
    });
  }
  for (const channel of options.channels) {
    app.use(channel.path, channel.router);
    if (channel.errors) app.use(channel.path, channel.errors);
  }

  app.use(notFound);
  app.use(errorHandler(logger));
  return app;
}

function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

/** Compares a presented secret with ours in constant time (hashes first, so lengths do not leak either). */
function sameSecret(presented: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

/** A listening server. */
export interface RunningHttpServer {
  readonly server: http.Server;
  /** The port it listens on (the one chosen by the system when started on port 0). */
  readonly port: number;
  /** Stops accepting, waits for the turns in flight and the responses being sent (up to graceMs), then closes. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** The interface to listen on; all by default. */
  host?: string;
  /** How long stopping waits for turns and responses before cutting the remaining connections. */
  graceMs?: number;
  /**
   * A server already listening on the port (serving what the start itself needs, e.g. the provider simulators the
   * services read from): the app takes its requests over, on the same socket, instead of listening again.
   */
  listening?: http.Server;
}

// Longer than a turn may take (TURN_TIMEOUT_MS, 15 s by default, plus its save).
const DEFAULT_GRACE_MS = 20_000;

/** Starts the app on a port (0: any free one) and resolves once it listens. */
export async function startHttpServer(
  app: Express,
  port: number,
  options: StartOptions = {},
): Promise<RunningHttpServer> {
  const server = options.listening ?? http.createServer();
  server.removeAllListeners('request');
  server.on('request', app);
  // Slow senders cannot hold connections open: the whole request must arrive within these.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  if (!server.listening) {
    server.listen(port, options.host);
    await once(server, 'listening');
  }
  const lifecycle = lifecycles.get(app);
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  let closing: Promise<void> | undefined;

  const close = async (): Promise<void> => {
    if (lifecycle) lifecycle.stopping = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const deadline = Date.now() + graceMs;
    // A turn whose caller hung up still runs: it must finish (and save) before the database is closed.
    await beforeDeadline(lifecycle?.turns.idle() ?? Promise.resolve(), deadline);
    // Connections go idle as their last response is sent; close each then.
    const sweeper = setInterval(() => server.closeIdleConnections(), 25);
    const done = await beforeDeadline(closed, deadline);
    clearInterval(sweeper);
    if (!done) {
      server.closeAllConnections();
      await closed;
    }
  };

  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () => (closing ??= close()),
  };
}

/** Waits for `work` until the deadline; true when it finished in time. */
async function beforeDeadline(work: Promise<void>, deadline: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([work.then(() => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
}
