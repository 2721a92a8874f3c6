/**
 * The `bank` rail merchant payouts to bank accounts go through: the real bank transfer client, to
 * BANK_TRANSFER_BASE_URL, or to this product's own bank simulator (`/simulators/bank`, localSimulators.ts) with its
 * development API key. The bank never calls back: its outcomes are asked by the rail payments' reconciler.
 */
import type { Config } from '../../integrations/config';
import { BankTransferClient } from '../../integrations/bankTransfer/client';
import { BankRail } from '../../domain/merchants/payouts/bankRail';
import type { PayoutStore } from '../../domain/merchants/payouts/payoutStore';
import { ProviderSetupError } from './billAggregatorSetup';

export const BANK_SIMULATOR_PATH = '/simulators/bank';

/** The key the bank simulator accepts when none is configured: it opens only a simulator. */
export const BANK_DEVELOPMENT_API_KEY = 'chatpay-development-bank-key';

export type BankTransferSettings = Partial<
  Pick<Config, 'BANK_TRANSFER_BASE_URL' | 'BANK_TRANSFER_API_KEY' | 'BANK_TRANSFER_TIMEOUT_MS'>
>;

/** Whether payouts to banks run on a simulator with these settings. */
export function bankIsSimulated(settings: BankTransferSettings): boolean {
  return (
    settings.BANK_TRANSFER_BASE_URL === undefined ||
    new URL(settings.BANK_TRANSFER_BASE_URL).pathname.includes(BANK_SIMULATOR_PATH)
  );
}

/** The bank rail on its client; throws ProviderSetupError for a real bank without our API key. */
export function connectBankRail(
  settings: BankTransferSettings,
  localSimulatorsUrl: string,
  payouts: PayoutStore,
): BankRail {
  if (!bankIsSimulated(settings) && settings.BANK_TRANSFER_API_KEY === undefined) {
    throw new ProviderSetupError(
      'Cannot start: BANK_TRANSFER_BASE_URL is set, but not BANK_TRANSFER_API_KEY (the development key opens only the simulator).',
    );
  }
  const client = new BankTransferClient({
    baseUrl: settings.BANK_TRANSFER_BASE_URL ?? `${localSimulatorsUrl.replace(/\/+$/, '')}${BANK_SIMULATOR_PATH}`,
    apiKey: settings.BANK_TRANSFER_API_KEY ?? BANK_DEVELOPMENT_API_KEY,
    ...(settings.BANK_TRANSFER_TIMEOUT_MS === undefined ? {} : { timeoutMs: settings.BANK_TRANSFER_TIMEOUT_MS }),
  });
  return new BankRail(client, payouts);
}
