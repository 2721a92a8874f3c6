/**
 * The merchant API in front of the whole product (useProduct with its pages on its loopback port): served on that
 * port at /api/v1, with a merchant opened for a signed-up owner and an API key with every scope. Every resource is
 * bound as the product binds it (bots/app/merchantApiPorts.ts).
 */
import express from 'express';
import { merchantApiChannel } from '../../../bots/api/merchantApi';
import type { MerchantApiPorts } from '../../../bots/api/ports';
import { merchantApiPorts } from '../../../bots/app/merchantApiPorts';
import type { Msisdn } from '../../../domain/phone';
import { createLogger } from '../../../integrations/logger';
import { ensureApiIdempotencyIndexes, MongoApiIdempotencyStore } from '../../../integrations/mongo/apiIdempotencyStore';
import { ensureApiRateLimitIndexes, MongoApiRateLimitStore } from '../../../integrations/mongo/apiRateLimitStore';
import type { useProduct } from '../../support/chat';

type Product = ReturnType<typeof useProduct>;
/** An answer's body as JSON.parse types it: tests read any field and their expectations check it. */
type ParsedJson = ReturnType<typeof JSON.parse>;

/** Serves the API on the product's loopback port for the file's tests, with a merchant and its key. */
export function useProductApi(product: Product, merchant: { owner: string; name: string }) {
  let secret = '';
  let merchantId = '';
  beforeAll(async () => {
    const { connection } = product.db;
    const { services } = product;
    const owner = merchant.owner as Msisdn;
    const signedUp = await services.people.signUp({ msisdn: owner, name: 'Owner', language: 'fr', pin: '2468' });
    if (!signedUp.ok) throw new Error(signedUp.reason);
    const opened = await services.merchants.open({ owner, name: merchant.name, category: 'retail' });
    if (!opened.ok) throw new Error(opened.reason);
    merchantId = opened.merchant._id;
    secret = (await services.apiKeys.create(merchantId, { scopes: ['read', 'write'] })).secret;
    await Promise.all([ensureApiIdempotencyIndexes(connection), ensureApiRateLimitIndexes(connection)]);
    const ports: MerchantApiPorts = {
      ...merchantApiPorts(services),
      idempotency: new MongoApiIdempotencyStore(connection),
      rateLimits: new MongoApiRateLimitStore(connection),
    };
    const channel = merchantApiChannel({
      ports,
      logger: createLogger({ level: 'silent' }),
      settings: {
        rateLimit: { requests: 10_000, windowSeconds: 10 },
        idempotency: { lockTimeoutMs: 60_000, retentionMs: 25 * 3_600_000 },
        publicUrl: product.simulators.url,
      },
    });
    // The product's server parses JSON bodies before its channels (createHttpApp); the loopback server does not.
    product.simulators.mount([{ path: channel.path, router: express.Router().use(express.json(), channel.router) }]);
  });
  return {
    get merchantId() {
      return merchantId;
    },
    /** Calls the API with the merchant's key; a POST sends `idempotencyKey` (a fresh one when not given). */
    async call(
      method: 'GET' | 'POST',
      path: string,
      options: { body?: unknown; idempotencyKey?: string } = {},
    ): Promise<{ status: number; headers: Headers; body: ParsedJson }> {
      const headers: Record<string, string> = { authorization: `Bearer ${secret}` };
      if (method === 'POST') headers['idempotency-key'] = options.idempotencyKey ?? crypto.randomUUID();
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(`${product.simulators.url}/api/v1${path}`, {
        method,
        headers,
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      });
      return { status: response.status, headers: response.headers, body: JSON.parse(await response.text()) };
    },
  };
}
