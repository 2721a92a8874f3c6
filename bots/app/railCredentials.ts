/**
 * The credentials our MTN MoMo, Orange Money and Notch Pay clients use: the configured ones, or, for each one left
 * unset, its simulator's development value. The simulators served by this product accept exactly what these
 * functions answer, so setting only some credentials still talks to them.
 *
 * The development values are not secrets: they open only a simulator, which runs only where simulated rails may run
 * (simulatedRailsGuard.ts). They are never sent to a real provider: a real base URL with a credential unset stops
 * the start (paymentRailsSetup.ts), and production requires every credential with a base URL (integrations/config.ts).
 */
import type { Config } from '../../integrations/config';
import type { MtnProduct } from '../../integrations/mtnMomo/client';
import {
  DEFAULT_SIMULATOR_CREDENTIALS,
  type OrangeMoneySimulatorCredentials,
} from '../../integrations/orangeMoney/simulator/orangeMoneySimulator';

/** The simulated MTN's development API user (a UUID v4, as MTN's) and keys. */
export const MTN_MOMO_DEVELOPMENT_CREDENTIALS = Object.freeze({
  apiUser: '0c4a7d9e-5b1f-4e2a-9c3d-6f8b0a1e2d3c',
  apiKey: 'chatpay-development-mtn-momo-api-key',
  subscriptionKeys: Object.freeze({
    collection: 'chatpay-development-mtn-collection-key',
    disbursement: 'chatpay-development-mtn-disbursement-key',
  }),
});

/** The simulated Notch Pay's development keys (no private key: payments do not need one). */
export const NOTCH_PAY_DEVELOPMENT_CREDENTIALS = Object.freeze({
  publicKey: 'pk_test.chatpay-development-notch-pay',
  webhookHashKey: 'chatpay-development-notch-pay-hash-key',
});

export type MtnMomoCredentialSettings = Partial<
  Pick<
    Config,
    | 'MTN_MOMO_API_USER'
    | 'MTN_MOMO_API_KEY'
    | 'MTN_MOMO_COLLECTION_SUBSCRIPTION_KEY'
    | 'MTN_MOMO_DISBURSEMENT_SUBSCRIPTION_KEY'
  >
>;

export interface MtnMomoCredentials {
  apiUser: string;
  apiKey: string;
  subscriptionKeys: Readonly<Record<MtnProduct, string>>;
}

export function mtnMomoCredentials(settings: MtnMomoCredentialSettings): MtnMomoCredentials {
  const development = MTN_MOMO_DEVELOPMENT_CREDENTIALS;
  return {
    apiUser: settings.MTN_MOMO_API_USER ?? development.apiUser,
    apiKey: settings.MTN_MOMO_API_KEY ?? development.apiKey,
    subscriptionKeys: {
      collection: settings.MTN_MOMO_COLLECTION_SUBSCRIPTION_KEY ?? development.subscriptionKeys.collection,
      disbursement: settings.MTN_MOMO_DISBURSEMENT_SUBSCRIPTION_KEY ?? development.subscriptionKeys.disbursement,
    },
  };
}

export type OrangeMoneyCredentialSettings = Partial<
  Pick<
    Config,
    | 'ORANGE_MONEY_CONSUMER_KEY'
    | 'ORANGE_MONEY_CONSUMER_SECRET'
    | 'ORANGE_MONEY_API_USERNAME'
    | 'ORANGE_MONEY_API_PASSWORD'
    | 'ORANGE_MONEY_CHANNEL_MSISDN'
    | 'ORANGE_MONEY_PIN'
  >
>;

export function orangeMoneyCredentials(settings: OrangeMoneyCredentialSettings): OrangeMoneySimulatorCredentials {
  const development = DEFAULT_SIMULATOR_CREDENTIALS;
  return {
    consumerKey: settings.ORANGE_MONEY_CONSUMER_KEY ?? development.consumerKey,
    consumerSecret: settings.ORANGE_MONEY_CONSUMER_SECRET ?? development.consumerSecret,
    apiUsername: settings.ORANGE_MONEY_API_USERNAME ?? development.apiUsername,
    apiPassword: settings.ORANGE_MONEY_API_PASSWORD ?? development.apiPassword,
    channelUserMsisdn: settings.ORANGE_MONEY_CHANNEL_MSISDN ?? development.channelUserMsisdn,
    pin: settings.ORANGE_MONEY_PIN ?? development.pin,
  };
}

export type NotchPayCredentialSettings = Partial<
  Pick<Config, 'NOTCH_PAY_PUBLIC_KEY' | 'NOTCH_PAY_PRIVATE_KEY' | 'NOTCH_PAY_WEBHOOK_HASH_KEY'>
>;

export interface NotchPayCredentials {
  publicKey: string;
  privateKey?: string;
  webhookHashKey: string;
}

export function notchPayCredentials(settings: NotchPayCredentialSettings): NotchPayCredentials {
  return {
    publicKey: settings.NOTCH_PAY_PUBLIC_KEY ?? NOTCH_PAY_DEVELOPMENT_CREDENTIALS.publicKey,
    ...(settings.NOTCH_PAY_PRIVATE_KEY === undefined ? {} : { privateKey: settings.NOTCH_PAY_PRIVATE_KEY }),
    webhookHashKey: settings.NOTCH_PAY_WEBHOOK_HASH_KEY ?? NOTCH_PAY_DEVELOPMENT_CREDENTIALS.webhookHashKey,
  };
}
