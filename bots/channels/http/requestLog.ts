/**
 * One structured log line per HTTP request, and its count in the metrics. The line holds the method, the route,
 * the status, the duration and a request id; never the body, the query or the headers (a webhook body may hold a
 * PIN, a query or a header a phone number or a secret).
 */
import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { Logger } from '../../../integrations/logger';
import type { Metrics } from './metrics';

/** The request id of a request, also sent back as X-Request-Id. */
export function requestIdOf(res: { locals: Record<string, unknown> }): string {
  return typeof res.locals.requestId === 'string' ? res.locals.requestId : 'unknown';
}

/**
 * Logs and counts every request under its route: one of `routes` (a path or a prefix ending a mounted router),
 * or `unmatched`, so neither the logs nor the metric labels ever hold an arbitrary path.
 */
export function requestLog(options: { logger: Logger; metrics: Metrics; routes: readonly string[] }): RequestHandler {
  const routeOf = (req: Request): string => {
    const path = req.originalUrl.split('?')[0] ?? '';
    return options.routes.find((r) => path === r || path.startsWith(`${r}/`)) ?? 'unmatched';
  };
  return (req, res, next) => {
    const requestId = randomUUID();
    const started = process.hrtime.bigint();
    res.locals.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    res.on('finish', () => {
      const route = routeOf(req);
      const durationMs = Math.round(Number(process.hrtime.bigint() - started) / 1e6);
      options.metrics.httpRequest(req.method, route, res.statusCode);
      // Probes are scraped every few seconds: their lines would drown the rest at info level.
      const level = route === '/healthz' || route === '/readyz' || route === '/metrics' ? 'debug' : 'info';
      options.logger[level](
        { requestId, method: req.method, route, status: res.statusCode, durationMs },
        'http request',
      );
    });
    next();
  };
}
