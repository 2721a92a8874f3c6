/**
 * Where the merchant API meets the HTTP server: mounted at `/api/v1` on an app (mountMerchantApi) or as one of the
 * server's channels (merchantApiChannel), with its error handler at the same path, so that a body the server's
 * parsers refuse (bad JSON, too large) is answered in the API's error shape too.
 */
import type { Express } from 'express';
import type { Config } from '../../integrations/config';
import type { HttpChannel } from '../channels/http/server';
import { apiErrorHandler } from './v1/errors';
import { API_BASE_PATH } from './v1/openapi';
import { merchantApiRouter, type MerchantApiOptions, type MerchantApiSettings } from './v1/router';

export type { MerchantApiOptions, MerchantApiSettings } from './v1/router';
export { API_BASE_PATH } from './v1/openapi';

// Responses are kept a day (as promised) and an hour more, so a retry at 24 h still finds its answer.
const IDEMPOTENCY_RETENTION_MS = 25 * 60 * 60 * 1000;

/** The API's settings from the configuration. */
export function merchantApiSettings(
  config: Pick<
    Config,
    'API_RATE_LIMIT_REQUESTS' | 'API_RATE_LIMIT_WINDOW_SECONDS' | 'API_IDEMPOTENCY_LOCK_SECONDS' | 'PUBLIC_URL' | 'PORT'
  > &
    Partial<Pick<Config, 'KYC_MAX_UPLOAD_BYTES'>>,
): MerchantApiSettings {
  return {
    rateLimit: { requests: config.API_RATE_LIMIT_REQUESTS, windowSeconds: config.API_RATE_LIMIT_WINDOW_SECONDS },
    idempotency: {
      lockTimeoutMs: config.API_IDEMPOTENCY_LOCK_SECONDS * 1000,
      retentionMs: IDEMPOTENCY_RETENTION_MS,
    },
    publicUrl: config.PUBLIC_URL ?? `http://localhost:${config.PORT}`,
    ...(config.KYC_MAX_UPLOAD_BYTES === undefined ? {} : { maxUploadBytes: config.KYC_MAX_UPLOAD_BYTES }),
  };
}

/** The API as a channel of createHttpApp (mounted before the server's own 404 and error handler). */
export function merchantApiChannel(options: MerchantApiOptions): HttpChannel {
  return { path: API_BASE_PATH, router: merchantApiRouter(options), errors: apiErrorHandler(options.logger) };
}

/** Mounts the API at `/api/v1` on `app` (before any catch-all 404 of the app). */
export function mountMerchantApi(app: Express, options: MerchantApiOptions): void {
  const channel = merchantApiChannel(options);
  app.use(channel.path, channel.router);
  if (channel.errors) app.use(channel.path, channel.errors);
}
