/**
 * The merchant API's router, built from the route registry: for each route, the key is authenticated, its scope
 * checked, the request counted against the key's rate limit, the path, query and body validated with the route's
 * schemas, a POST run once per Idempotency-Key, and the handler's answer sent. `/openapi.json` and `/docs` describe
 * the same registry and need no key. Anything else under the API is a 404 (a known path with another method a 405),
 * and every error has the API's one shape.
 */
import { createHash } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import type { z } from 'zod';
import type { Logger } from '../../../integrations/logger';
import type { MerchantApiPorts } from '../ports';
import { authenticate, requireScope } from './auth';
import { docsPage } from './docsPage';
import { ApiError, apiErrorHandler, routeNotFound, validationError } from './errors';
import { Idempotency, idempotencyKeyOf, requestHash, type IdempotencySettings } from './idempotency';
import { API_BASE_PATH, openApiDocument } from './openapi';
import { RateLimiter, type RateLimitSettings } from './rateLimit';
import type { ApiAnswer, ApiContext, ApiRoute } from './route';
import { API_ROUTES } from './routes';
import { uploadedFile } from './uploadBody';
import { DEFAULT_MAX_UPLOAD_BYTES } from '../../../domain/merchants/kyc/uploadCheck';

function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export interface MerchantApiSettings {
  rateLimit: RateLimitSettings;
  idempotency: IdempotencySettings;
  /** Where clients reach the product (PUBLIC_URL): the OpenAPI server and the docs' curl examples. */
  publicUrl: string;
  /** The largest file an upload route takes (KYC_MAX_UPLOAD_BYTES); bodies well above it are refused unread (413). */
  maxUploadBytes?: number;
}

// Room for a multipart body's framing around a file of the largest size (the service refuses the file itself).
const MULTIPART_ALLOWANCE_BYTES = 64 * 1024;

export interface MerchantApiOptions {
  ports: MerchantApiPorts;
  settings: MerchantApiSettings;
  logger: Logger;
  /** The routes served; the registry's by default (services that come later add theirs). */
  routes?: readonly ApiRoute[];
  /** The clock: rate-limit windows and idempotency lock timeouts are measured with it. */
  now?: () => Date;
}

function parsed(schema: z.ZodType | undefined, value: unknown, where: 'body' | 'query' | 'path'): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, where);
  return result.data;
}

function isJsonObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The router of `/api/v1` (mount it with mountMerchantApi or merchantApiChannel). */
export function merchantApiRouter(options: MerchantApiOptions): Router {
  const { ports, settings, logger } = options;
  const now = options.now ?? (() => new Date());
  const routes = options.routes ?? API_ROUTES;
  const limiter = new RateLimiter(ports.rateLimits, settings.rateLimit, logger);
  const idempotency = new Idempotency(ports.idempotency, settings.idempotency, now, logger);
  const baseUrl = `${settings.publicUrl.replace(/\/$/, '')}${API_BASE_PATH}`;
  const document = openApiDocument(routes, { serverUrl: baseUrl });
  const page = docsPage(routes, baseUrl);

  const router = express.Router();
  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  router.get('/docs', (_req, res) => {
    res.type('html').send(page);
  });

  const serve = (route: ApiRoute) => async (req: Request, res: Response) => {
    const at = now();
    const key = await authenticate(req.get('authorization'), ports.keys);
    requireScope(key, route.scope);
    for (const [name, value] of Object.entries(await limiter.check(key.id, at))) res.setHeader(name, value);
    const params = parsed(route.params, { ...req.params }, 'path');
    const query = parsed(route.query, { ...(req.query as Record<string, unknown>) }, 'query');
    const idempotencyKey = route.method === 'post' ? idempotencyKeyOf(req.get('idempotency-key')) : null;
    if (route.body && !isJsonObject(req.body)) {
      throw new ApiError(
        400,
        'invalid_request',
        'body_not_json_object',
        'The body must be a JSON object, sent with Content-Type: application/json.',
      );
    }
    const body = parsed(route.body, req.body, 'body');
    const upload = route.upload ? uploadedFile(req.body, req.get('content-type')) : undefined;
    const context: ApiContext = {
      key,
      merchantId: key.merchantId,
      params,
      query,
      body,
      idempotencyKey,
      ports,
      now: at,
      ...(upload === undefined ? {} : { upload }),
    };
    let result: ApiAnswer;
    if (idempotencyKey === null) {
      result = await route.handle(context);
    } else {
      // An upload is matched by what it sends, not by its bytes themselves (megabytes of canonical JSON).
      const matched = upload
        ? { query: req.query, contentType: upload.contentType, sha256: sha256Hex(upload.bytes) }
        : req.body;
      const hash = requestHash(req.method, `${req.baseUrl}${req.path}`, matched);
      const outcome = await idempotency.run(key.merchantId, idempotencyKey, hash, () => route.handle(context));
      if (outcome.replayed) res.setHeader('Idempotent-Replayed', 'true');
      result = outcome;
    }
    res.status(result.status).json(result.body);
  };

  // Upload routes read their body raw (any type but JSON and forms, which the server's parsers took already).
  const rawUpload = express.raw({
    type: () => true,
    limit: (settings.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES) + MULTIPART_ALLOWANCE_BYTES,
  });
  for (const route of routes) {
    if (route.upload) router[route.method](route.path, rawUpload, serve(route));
    else router[route.method](route.path, serve(route));
  }
  for (const path of new Set(routes.map((r) => r.path))) {
    const allowed = routes.filter((r) => r.path === path).map((r) => r.method.toUpperCase());
    router.all(path, (req, _res, next) => {
      next(
        new ApiError(405, 'invalid_request', 'method_not_allowed', `${req.method} is not allowed here.`, undefined, {
          Allow: allowed.join(', '),
        }),
      );
    });
  }
  router.use(routeNotFound);
  router.use(apiErrorHandler(logger));
  return router;
}
