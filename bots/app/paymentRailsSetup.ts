/**
 * The payment rails money enters and leaves by, each through its real client over HTTP: MTN MoMo (MTN_MOMO_BASE_URL),
 * Orange Money (ORANGE_MONEY_BASE_URL) and cards through Notch Pay (NOTCH_PAY_BASE_URL). A rail whose base URL is
 * unset talks to this product's own simulator of its provider (localSimulators.ts, `/simulators/<provider>`), with the
 * simulator's development credentials for any credential left unset (railCredentials.ts).
 *
 * The providers call us back at PUBLIC_URL (or, without it, where the simulators are served, i.e. this product's own
 * port): `/callbacks/mtn-momo/<reference>`, `/callbacks/orange-money/<reference>` and `/webhooks/notch-pay`; the
 * payer's browser comes back from the card page to `/payments/card/return` (railCallbackRoutes.ts).
 */
import type { Connection } from 'mongoose';
import { RAIL_CREDENTIALS, type Config } from '../../integrations/config';
import { MongoOrangePayTokenStore } from '../../integrations/mongo/orangePayTokenStore';
import { MtnMomoClient } from '../../integrations/mtnMomo/client';
import { MtnMomoRail } from '../../integrations/mtnMomo/mtnMomoRail';
import { NotchPayClient } from '../../integrations/notchPay/client';
import { NotchPayRail } from '../../integrations/notchPay/notchPayRail';
import { NotchPayReferences } from '../../integrations/notchPay/referenceStore';
import { NOTCH_PAY_SIMULATOR_PATH } from '../../integrations/notchPay/simulator/notchPaySimulator';
import { OrangeMoneyClient } from '../../integrations/orangeMoney/client';
import { OrangeMoneyRail } from '../../integrations/orangeMoney/orangeMoneyRail';
import { ProviderSetupError } from './billAggregatorSetup';
import { mtnMomoCredentials, notchPayCredentials, orangeMoneyCredentials } from './railCredentials';

export const MTN_MOMO_SIMULATOR_PATH = '/simulators/mtn-momo';
export const ORANGE_MONEY_SIMULATOR_PATH = '/simulators/orange-money';
export { NOTCH_PAY_SIMULATOR_PATH };

/** Where the providers call us back, below PUBLIC_URL (or the local URL). */
export const MTN_MOMO_CALLBACK_PATH = '/callbacks/mtn-momo';
export const ORANGE_MONEY_CALLBACK_PATH = '/callbacks/orange-money';
export const NOTCH_PAY_WEBHOOK_PATH = '/webhooks/notch-pay';
/** Where the payer's browser returns from the card provider's page (Notch Pay's `callback`). */
export const CARD_RETURN_PATH = '/payments/card/return';

/** What the rails' clients read; the optional settings may be left out (unset). */
export type PaymentRailSettings = Pick<
  Config,
  | 'MTN_MOMO_TARGET_ENVIRONMENT'
  | 'MTN_MOMO_TIMEOUT_MS'
  | 'ORANGE_MONEY_TIMEOUT_MS'
  | 'NOTCH_PAY_TIMEOUT_MS'
  | 'NOTCH_PAY_INITIALIZE_PATH'
> &
  Partial<
    Pick<
      Config,
      | 'PUBLIC_URL'
      | 'MTN_MOMO_BASE_URL'
      | 'MTN_MOMO_CURRENCY'
      | 'MTN_MOMO_API_USER'
      | 'MTN_MOMO_API_KEY'
      | 'MTN_MOMO_COLLECTION_SUBSCRIPTION_KEY'
      | 'MTN_MOMO_DISBURSEMENT_SUBSCRIPTION_KEY'
      | 'ORANGE_MONEY_BASE_URL'
      | 'ORANGE_MONEY_CONSUMER_KEY'
      | 'ORANGE_MONEY_CONSUMER_SECRET'
      | 'ORANGE_MONEY_API_USERNAME'
      | 'ORANGE_MONEY_API_PASSWORD'
      | 'ORANGE_MONEY_CHANNEL_MSISDN'
      | 'ORANGE_MONEY_PIN'
      | 'NOTCH_PAY_BASE_URL'
      | 'NOTCH_PAY_PUBLIC_KEY'
      | 'NOTCH_PAY_PRIVATE_KEY'
      | 'NOTCH_PAY_WEBHOOK_HASH_KEY'
    >
  >;

/** The three rails, and what the callback routes need besides them. */
export interface PaymentRailsSetup {
  rails: { mtn_momo: MtnMomoRail; orange_money: OrangeMoneyRail; card: NotchPayRail };
  /** Maps the reference a card webhook names back to our transfer id. */
  notchPayReferences: NotchPayReferences;
}

/**
 * Whether a rail runs on a simulator: its base URL unset (this product's own), or pointing at a simulator's path
 * (another process's). Either would confirm any payment, so production refuses both (simulatedRailsGuard.ts).
 */
export function railIsSimulated(baseUrl: string | undefined, simulatorPath: string): boolean {
  return baseUrl === undefined || new URL(baseUrl).pathname.includes(simulatorPath);
}

/** The rails on a simulator with these settings, by the names people know them by. */
export function simulatedRails(
  settings: Partial<Pick<Config, 'MTN_MOMO_BASE_URL' | 'ORANGE_MONEY_BASE_URL' | 'NOTCH_PAY_BASE_URL'>>,
): string[] {
  return [
    ...(railIsSimulated(settings.MTN_MOMO_BASE_URL, MTN_MOMO_SIMULATOR_PATH) ? ['MTN MoMo'] : []),
    ...(railIsSimulated(settings.ORANGE_MONEY_BASE_URL, ORANGE_MONEY_SIMULATOR_PATH) ? ['Orange Money'] : []),
    ...(railIsSimulated(settings.NOTCH_PAY_BASE_URL, NOTCH_PAY_SIMULATOR_PATH) ? ['card'] : []),
  ];
}

/**
 * Why these settings cannot start: a real provider's base URL with one of our credentials unset, which would send
 * it a simulator's development value. Null when every real rail has its credentials.
 */
export function railCredentialsRefusal(settings: PaymentRailSettings): string | null {
  const paths: Record<keyof typeof RAIL_CREDENTIALS, string> = {
    MTN_MOMO_BASE_URL: MTN_MOMO_SIMULATOR_PATH,
    ORANGE_MONEY_BASE_URL: ORANGE_MONEY_SIMULATOR_PATH,
    NOTCH_PAY_BASE_URL: NOTCH_PAY_SIMULATOR_PATH,
  };
  const problems: string[] = [];
  for (const [url, required] of Object.entries(RAIL_CREDENTIALS) as [keyof typeof paths, readonly string[]][]) {
    if (railIsSimulated(settings[url], paths[url])) continue;
    const missing = required.filter((name) => settings[name as keyof PaymentRailSettings] === undefined);
    if (missing.length > 0) problems.push(`${url} is set, but not ${missing.join(', ')}`);
  }
  if (problems.length === 0) return null;
  return (
    `Cannot start: ${problems.join('; ')}. A real provider needs our own credentials ` +
    "(the development ones open only this product's simulators)."
  );
}

/** Where a simulator is served, below the local URL. */
function simulatorUrl(localSimulatorsUrl: string, path: string): string {
  return `${localSimulatorsUrl.replace(/\/+$/, '')}${path}`;
}

/**
 * Builds the three rails on their clients. `localSimulatorsUrl`: where this product serves its simulators (used for
 * a rail without a base URL, and for callbacks without PUBLIC_URL). Throws ProviderSetupError for a real base URL
 * without its credentials.
 */
export async function connectPaymentRails(
  connection: Connection,
  settings: PaymentRailSettings,
  localSimulatorsUrl: string,
  options: { clock?: () => Date } = {},
): Promise<PaymentRailsSetup> {
  const refusal = railCredentialsRefusal(settings);
  if (refusal) throw new ProviderSetupError(refusal);
  const callbacks = (settings.PUBLIC_URL ?? localSimulatorsUrl).replace(/\/+$/, '');
  // The clients keep the providers' time (tokens expire on it); the rails date our records on the product's clock.
  const mtn = mtnMomoCredentials(settings);
  const environment = settings.MTN_MOMO_TARGET_ENVIRONMENT;
  const mtnMomo = new MtnMomoRail({
    client: new MtnMomoClient({
      baseUrl: settings.MTN_MOMO_BASE_URL ?? simulatorUrl(localSimulatorsUrl, MTN_MOMO_SIMULATOR_PATH),
      targetEnvironment: environment,
      apiUser: mtn.apiUser,
      apiKey: mtn.apiKey,
      subscriptionKeys: mtn.subscriptionKeys,
      timeoutMs: settings.MTN_MOMO_TIMEOUT_MS,
    }),
    currency: settings.MTN_MOMO_CURRENCY ?? (environment === 'sandbox' ? 'EUR' : 'XAF'),
    callbackBaseUrl: `${callbacks}${MTN_MOMO_CALLBACK_PATH}`,
  });
  const orangeMoney = new OrangeMoneyRail({
    client: new OrangeMoneyClient({
      baseUrl: settings.ORANGE_MONEY_BASE_URL ?? simulatorUrl(localSimulatorsUrl, ORANGE_MONEY_SIMULATOR_PATH),
      ...orangeMoneyCredentials(settings),
      timeoutMs: settings.ORANGE_MONEY_TIMEOUT_MS,
    }),
    store: new MongoOrangePayTokenStore(connection),
    callbackBaseUrl: `${callbacks}${ORANGE_MONEY_CALLBACK_PATH}`,
    clock: options.clock,
  });
  const notch = notchPayCredentials(settings);
  const notchPayReferences = new NotchPayReferences(connection);
  await notchPayReferences.ensureIndexes();
  const card = new NotchPayRail({
    client: new NotchPayClient({
      baseUrl: settings.NOTCH_PAY_BASE_URL ?? simulatorUrl(localSimulatorsUrl, NOTCH_PAY_SIMULATOR_PATH),
      publicKey: notch.publicKey,
      ...(notch.privateKey === undefined ? {} : { privateKey: notch.privateKey }),
      timeoutMs: settings.NOTCH_PAY_TIMEOUT_MS,
      initializePath: settings.NOTCH_PAY_INITIALIZE_PATH,
    }),
    references: notchPayReferences,
    returnUrl: `${callbacks}${CARD_RETURN_PATH}`,
    clock: options.clock,
  });
  return { rails: { mtn_momo: mtnMomo, orange_money: orangeMoney, card }, notchPayReferences };
}
