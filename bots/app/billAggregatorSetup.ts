/**
 * The bill aggregator bills are paid through: Smobilpay's S3P v2 API at SMOBILPAY_BASE_URL, or, when it is unset,
 * this product's own Smobilpay simulator, reached by the same client over HTTP (localSimulators.ts). The billers
 * on offer are built at start from the aggregator's `GET /service` list (integrations/smobilpay/billerCatalog.ts):
 * a start that cannot read it stops with a message naming SMOBILPAY_BASE_URL, rather than offer billers nobody
 * can pay.
 */
import type { BillAggregator } from '../../domain/billPayments/billAggregator';
import type { Biller } from '../../domain/billers';
import type { Config } from '../../integrations/config';
import { billersFromServices } from '../../integrations/smobilpay/billerCatalog';
import { SmobilpayClient } from '../../integrations/smobilpay/client';
import { S3pHmacAuthorizer } from '../../integrations/smobilpay/s3pAuth';
import { SMOBILPAY_SIMULATOR_PATH } from '../../integrations/smobilpay/simulator/smobilpaySimulator';
import { SmobilpayAggregator } from '../../integrations/smobilpay/smobilpayAggregator';
import { smobilpayCredentials } from './localSimulators';

/** What the Smobilpay client reads; the optional settings may be left out (unset). */
export type BillAggregatorSettings = Pick<Config, 'SMOBILPAY_TIMEOUT_MS'> &
  Partial<
    Pick<Config, 'SMOBILPAY_BASE_URL' | 'SMOBILPAY_PUBLIC_TOKEN' | 'SMOBILPAY_SECRET' | 'SMOBILPAY_CUSTOMER_EMAIL'>
  >;

/** A provider the start depends on cannot be used with these settings: the message names them (never a secret). */
export class ProviderSetupError extends Error {
  override readonly name = 'ProviderSetupError';
}

/** The aggregator and the billers it offers. */
export interface BillAggregatorSetup {
  aggregator: BillAggregator;
  billers: readonly Biller[];
  /** Our billers the aggregator's service list does not offer (left out of the menu). */
  missing: readonly string[];
}

/**
 * Whether bills go to a simulator: SMOBILPAY_BASE_URL unset (this product's own), or pointing at a simulator's
 * path (another process's): either would confirm any payment, so production refuses both.
 */
export function smobilpayIsSimulated(settings: Partial<Pick<Config, 'SMOBILPAY_BASE_URL'>>): boolean {
  const url = settings.SMOBILPAY_BASE_URL;
  return url === undefined || new URL(url).pathname.includes(SMOBILPAY_SIMULATOR_PATH);
}

/**
 * The Smobilpay client and aggregator for these settings; `localSimulatorsUrl` is where this product serves its
 * simulators (`http://127.0.0.1:<PORT>` for npm start), used when SMOBILPAY_BASE_URL is unset. The service list is
 * read before this returns.
 */
export async function connectBillAggregator(
  settings: BillAggregatorSettings,
  localSimulatorsUrl: string,
  options: { clock?: () => Date } = {},
): Promise<BillAggregatorSetup> {
  const baseUrl = settings.SMOBILPAY_BASE_URL ?? `${localSimulatorsUrl.replace(/\/+$/, '')}${SMOBILPAY_SIMULATOR_PATH}`;
  const client = new SmobilpayClient({
    baseUrl,
    // Signed with the system's time, not a test's clock: a real S3P compares the timestamp with its own.
    authorizer: new S3pHmacAuthorizer(smobilpayCredentials(settings)),
    timeoutMs: settings.SMOBILPAY_TIMEOUT_MS,
  });
  const aggregator = new SmobilpayAggregator({
    client,
    customerEmail: settings.SMOBILPAY_CUSTOMER_EMAIL,
    clock: options.clock,
  });
  let services;
  try {
    services = await aggregator.serviceList();
  } catch (error) {
    // The client's errors carry the operation and the HTTP status, never the credentials or a body.
    const why = error instanceof Error ? error.message : 'unknown error';
    const where =
      settings.SMOBILPAY_BASE_URL === undefined
        ? `this product's Smobilpay simulator at ${baseUrl} (SMOBILPAY_BASE_URL is unset)`
        : `SMOBILPAY_BASE_URL (${withoutUserInfo(baseUrl)})`;
    throw new ProviderSetupError(
      `Cannot start: the bill aggregator's service list could not be read from ${where}: ${why}. ` +
        'Check SMOBILPAY_BASE_URL, SMOBILPAY_PUBLIC_TOKEN and SMOBILPAY_SECRET.',
      { cause: error },
    );
  }
  const { billers, missing } = billersFromServices(services);
  return { aggregator, billers, missing };
}

/** The URL without a user name or password, should anyone have put credentials in it. */
function withoutUserInfo(url: string): string {
  const parsed = new URL(url);
  parsed.username = '';
  parsed.password = '';
  return parsed.toString().replace(/\/+$/, '');
}
