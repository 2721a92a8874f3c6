/**
 * The merchant API's ports bound to the product's services: keys (ApiKeys), the merchant and its balance (Merchants),
 * payment requests, payments and orders (MerchantRequests), events (their store) and webhooks (MerchantWebhooks).
 * The API's own machinery (idempotency records, rate-limit hits) is kept in the database; `merchantApiChannelOf`
 * builds the whole channel, as the product's server and the tests' product serve it.
 */
import { payoutApiPort } from './payoutApiPort';
import { linkInvoiceApiPorts } from './linkInvoiceApiPorts';
import { refundApiPort } from './refundApiPort';
import type { Connection } from 'mongoose';
import type { MerchantApiPorts, MerchantPaymentView as ApiPaymentView } from '../api/ports';
import { merchantApiChannel, merchantApiSettings } from '../api/merchantApi';
import type { MerchantPaymentView } from '../../domain/merchants/merchantPaymentView';
import type { Logger } from '../../integrations/logger';
import { ensureApiIdempotencyIndexes, MongoApiIdempotencyStore } from '../../integrations/mongo/apiIdempotencyStore';
import { ensureApiRateLimitIndexes, MongoApiRateLimitStore } from '../../integrations/mongo/apiRateLimitStore';
import type { HttpChannel } from '../channels/http/server';
import type { Services } from './services';

/** The resource ports (everything but the API's own stores), bound to the services. */
export type MerchantApiResources = Omit<MerchantApiPorts, 'idempotency' | 'rateLimits'>;

/** A page of a service's list: its items and whether more follow. */
interface ServicePage<T> {
  data: T[];
  hasMore: boolean;
}

/**
 * Up to `limit` items after `startingAfter`, asked of a service whose pages hold at most 100: the API asks one more
 * than its page (101 for `limit=100`) to know whether more follow, so a full page is followed by the next.
 */
async function upTo<T>(
  limit: number,
  startingAfter: string | undefined,
  idOf: (item: T) => string,
  page: (options: { limit: number; startingAfter?: string }) => Promise<ServicePage<T>>,
): Promise<T[]> {
  const items: T[] = [];
  let after = startingAfter;
  while (items.length < limit) {
    const next = await page({
      limit: Math.min(limit - items.length, 100),
      ...(after === undefined ? {} : { startingAfter: after }),
    });
    items.push(...next.data);
    const last = next.data.at(-1);
    if (!next.hasMore || last === undefined) break;
    after = idOf(last);
  }
  return items.slice(0, limit);
}

/** The domain's view as the API's port gives it (the same fields; each moment of its history as a plain record). */
function apiView(view: MerchantPaymentView): ApiPaymentView {
  return { ...view, history: view.history.map((moment) => ({ ...moment })) };
}

/** The API's resources, served by the product's services. */
export function merchantApiPorts(services: Services): MerchantApiResources {
  const { apiKeys, merchants, merchantRequests, merchantEventStore, webhooks, refunds } = services;
  return {
    keys: {
      async authenticate(secret) {
        const key = await apiKeys.authenticate(secret);
        return key && { id: key._id, merchantId: key.merchantId, scopes: key.scopes };
      },
    },
    merchants: {
      async overview(merchantId) {
        const merchant = await merchants.get(merchantId);
        if (!merchant) return null;
        const balance = await merchants.balance(merchantId);
        return {
          id: merchant._id,
          name: merchant.name,
          category: merchant.category,
          status: merchant.status,
          kycLevel: merchant.kycLevel,
          balance: balance.available,
        };
      },
    },
    requests: {
      async create(input) {
        const outcome = await merchantRequests.create({
          merchantId: input.merchantId,
          id: input.id,
          payer: input.payer,
          amount: input.amount,
          ...(input.orderReference === null ? {} : { orderReference: input.orderReference }),
          ...(input.reason === null ? {} : { reason: input.reason }),
          ...(input.expiresInDays === undefined ? {} : { expiresInDays: input.expiresInDays }),
          source: input.source,
        });
        return outcome.ok ? { ok: true, payment: apiView(outcome.payment) } : outcome;
      },
      async get(merchantId, id) {
        const view = await merchantRequests.get(merchantId, id);
        return view && apiView(view);
      },
      async list(merchantId, options) {
        const page = (o: { limit: number; startingAfter?: string }) =>
          options.paidOnly ? merchantRequests.payments(merchantId, o) : merchantRequests.list(merchantId, o);
        return (await upTo(options.limit, options.startingAfter, (view) => view.id, page)).map(apiView);
      },
      async byOrderReference(merchantId, orderReference) {
        return (await merchantRequests.byOrder(merchantId, orderReference)).map(apiView);
      },
    },
    events: merchantEventStore,
    webhooks,
    refunds: refundApiPort(refunds),
    salaryBatches: services.salaryBatches,
    kycDocuments: services.kycDocuments,
    payouts: payoutApiPort(services.payouts, merchants),
    ...linkInvoiceApiPorts(services),
  };
}

/** The settings the API's channel reads. */
export type MerchantApiChannelSettings = Parameters<typeof merchantApiSettings>[0];

/**
 * The merchant API at `/api/v1` as the product serves it: the services' resources, and its idempotency records and
 * rate-limit hits in the database (shared by every process), their indexes made first.
 */
export async function merchantApiChannelOf(
  connection: Connection,
  services: Services,
  settings: MerchantApiChannelSettings,
  options: { logger: Logger; resources?: MerchantApiResources; now?: () => Date },
): Promise<HttpChannel> {
  await Promise.all([ensureApiIdempotencyIndexes(connection), ensureApiRateLimitIndexes(connection)]);
  const ports: MerchantApiPorts = {
    ...(options.resources ?? merchantApiPorts(services)),
    idempotency: new MongoApiIdempotencyStore(connection),
    rateLimits: new MongoApiRateLimitStore(connection),
  };
  return merchantApiChannel({
    ports,
    settings: merchantApiSettings(settings),
    logger: options.logger,
    ...(options.now === undefined ? {} : { now: options.now }),
  });
}
