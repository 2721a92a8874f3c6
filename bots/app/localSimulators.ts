/**
 * The payment providers' simulators this product serves itself, each under `/simulators/<provider>`: outside
 * production (simulatedRailsGuard.ts), a rail without its own base URL runs its REAL client against its simulator,
 * over HTTP, on the product's own port. Each speaks its provider's API and keeps its state in the database, so it
 * survives a restart.
 *
 * A provider is added with one line in `createLocalSimulators` (its simulator factory takes the shared options and
 * its credentials, and returns at least its `router`); `simulatorRoutes` mounts every one of them.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Router } from 'express';
import type { Connection } from 'mongoose';
import type { Config } from '../../integrations/config';
import { createBankTransferSimulator } from '../../integrations/bankTransfer/simulator/bankTransferSimulator';
import { createMtnMomoSimulator } from '../../integrations/mtnMomo/simulator/mtnMomoSimulator';
import { createNotchPaySimulator } from '../../integrations/notchPay/simulator/notchPaySimulator';
import { createOrangeMoneySimulator } from '../../integrations/orangeMoney/simulator/orangeMoneySimulator';
import {
  createSmobilpaySimulator,
  SMOBILPAY_SIMULATOR_PATH,
} from '../../integrations/smobilpay/simulator/smobilpaySimulator';
import type { HttpChannel } from '../channels/http/server';
import { BANK_DEVELOPMENT_API_KEY, BANK_SIMULATOR_PATH } from './bankTransferSetup';
import {
  MTN_MOMO_SIMULATOR_PATH,
  NOTCH_PAY_SIMULATOR_PATH,
  NOTCH_PAY_WEBHOOK_PATH,
  ORANGE_MONEY_SIMULATOR_PATH,
} from './paymentRailsSetup';
import {
  mtnMomoCredentials,
  notchPayCredentials,
  orangeMoneyCredentials,
  type MtnMomoCredentialSettings,
  type NotchPayCredentialSettings,
  type OrangeMoneyCredentialSettings,
} from './railCredentials';

/**
 * Smobilpay credentials the simulator accepts and the client signs with when none are configured: not secrets,
 * since they open only a simulator, which runs only where simulated rails may run.
 */
export const SMOBILPAY_DEVELOPMENT_CREDENTIALS = Object.freeze({
  publicToken: 'chatpay-development-smobilpay-token',
  secret: 'chatpay-development-smobilpay-secret',
});

/** What the simulators read (all optional: unset, the admin routes are closed and the credentials are ours). */
export type LocalSimulatorSettings = Partial<
  Pick<Config, 'SIMULATORS_ADMIN_TOKEN' | 'SMOBILPAY_PUBLIC_TOKEN' | 'SMOBILPAY_SECRET'>
> &
  // The payment rails' simulators: how fast they end payments, where the payer's browser finds the card page (and
  // the product its webhook), and the credentials they accept (ours, or the development ones).
  Partial<Pick<Config, 'SIMULATED_RAIL_DELAY_MS' | 'PUBLIC_URL'>> &
  // The bank's: how long a transfer takes to settle, and the API key it accepts (ours, or the development one).
  Partial<Pick<Config, 'BANK_TRANSFER_SETTLEMENT_DELAY_MS' | 'BANK_TRANSFER_API_KEY'>> &
  MtnMomoCredentialSettings &
  OrangeMoneyCredentialSettings &
  NotchPayCredentialSettings;

/** The credentials our Smobilpay client signs with: the configured ones, or the simulator's development ones. */
export function smobilpayCredentials(settings: Partial<Pick<Config, 'SMOBILPAY_PUBLIC_TOKEN' | 'SMOBILPAY_SECRET'>>): {
  publicToken: string;
  secret: string;
} {
  return {
    publicToken: settings.SMOBILPAY_PUBLIC_TOKEN ?? SMOBILPAY_DEVELOPMENT_CREDENTIALS.publicToken,
    secret: settings.SMOBILPAY_SECRET ?? SMOBILPAY_DEVELOPMENT_CREDENTIALS.secret,
  };
}

/** A simulator with the path it is mounted at. */
type Mounted<S extends { router: Router }> = S & { path: string };

function mounted<S extends { router: Router }>(path: string, simulator: S): Mounted<S> {
  return Object.assign(simulator, { path });
}

/** Creates every provider's simulator on the connection (collections and indexes first). */
export async function createLocalSimulators(
  connection: Connection,
  settings: LocalSimulatorSettings,
  options: {
    clock?: () => Date;
    /** Where this product is served (`http://127.0.0.1:<PORT>`), for the card simulator's webhook; or later. */
    productUrl?: string;
  } = {},
) {
  // What every simulator shares: the database, the admin token of its /_admin routes (none: not found), the clock.
  const shared = { connection, adminToken: settings.SIMULATORS_ADMIN_TOKEN, clock: options.clock };
  // The payment rails' simulators keep the providers' own time, not a test's clock: a payment ends when its delay
  // has passed (their timers send the callbacks then), whatever the product's clock says.
  const rails = { connection, adminToken: settings.SIMULATORS_ADMIN_TOKEN };
  const delayMs = settings.SIMULATED_RAIL_DELAY_MS;
  const mtn = mtnMomoCredentials(settings);
  const notch = notchPayCredentials(settings);
  const notchPay = createNotchPaySimulator({
    ...rails,
    publicKey: notch.publicKey,
    ...(notch.privateKey === undefined ? {} : { privateKey: notch.privateKey }),
    ...(settings.PUBLIC_URL === undefined ? {} : { publicUrl: `${settings.PUBLIC_URL}${NOTCH_PAY_SIMULATOR_PATH}` }),
    ...(delayMs === undefined ? {} : { webhookDelayMs: delayMs }),
  });
  await notchPay.ensureIndexes();
  const simulators = {
    // It accepts the credentials our client signs with, so setting only the credentials still talks to it.
    smobilpay: mounted(
      SMOBILPAY_SIMULATOR_PATH,
      await createSmobilpaySimulator({ ...shared, ...smobilpayCredentials(settings) }),
    ),
    // Our API user exists from the start (no provisioning calls), and any callback host is allowed.
    mtnMomo: mounted(
      MTN_MOMO_SIMULATOR_PATH,
      createMtnMomoSimulator({
        ...rails,
        subscriptionKeys: mtn.subscriptionKeys,
        defaultApiUser: { apiUser: mtn.apiUser, apiKey: mtn.apiKey },
        ...(delayMs === undefined ? {} : { completionDelayMs: delayMs }),
      }),
    ),
    orangeMoney: mounted(
      ORANGE_MONEY_SIMULATOR_PATH,
      createOrangeMoneySimulator({
        ...rails,
        credentials: orangeMoneyCredentials(settings),
        ...(delayMs === undefined ? {} : { completionDelayMs: delayMs }),
      }),
    ),
    notchPay: mounted(NOTCH_PAY_SIMULATOR_PATH, notchPay),
    bank: mounted(
      BANK_SIMULATOR_PATH,
      createBankTransferSimulator({
        ...rails,
        apiKey: settings.BANK_TRANSFER_API_KEY ?? BANK_DEVELOPMENT_API_KEY,
        ...(settings.BANK_TRANSFER_SETTLEMENT_DELAY_MS === undefined
          ? {}
          : { settlementDelayMs: settings.BANK_TRANSFER_SETTLEMENT_DELAY_MS }),
      }),
    ),
  };
  if (options.productUrl !== undefined) sendCardWebhooksTo(simulators, options.productUrl, settings);
  return simulators;
}

export type LocalSimulators = Awaited<ReturnType<typeof createLocalSimulators>>;

/**
 * Where the card simulator posts its signed webhooks: the product's webhook route at PUBLIC_URL, or at `productUrl`
 * (this product's own address) without it.
 */
export function sendCardWebhooksTo(
  simulators: LocalSimulators,
  productUrl: string,
  settings: NotchPayCredentialSettings & Partial<Pick<Config, 'PUBLIC_URL'>>,
): void {
  const base = (settings.PUBLIC_URL ?? productUrl).replace(/\/+$/, '');
  simulators.notchPay.setWebhook({
    url: `${base}${NOTCH_PAY_WEBHOOK_PATH}`,
    hashKey: notchPayCredentials(settings).webhookHashKey,
  });
}

/** Stops the simulators' timers (callbacks, notifications, hung calls): those not sent yet are lost, as on a restart. */
export function closeLocalSimulators(simulators: LocalSimulators): void {
  simulators.mtnMomo.close();
  simulators.orangeMoney.close();
  simulators.notchPay.close();
  simulators.bank.close();
}

/** The simulators' routers, as the HTTP server mounts them. */
export function simulatorRoutes(simulators: LocalSimulators): HttpChannel[] {
  return Object.values(simulators).map(({ path, router }) => ({ path, router }));
}

/** A loopback server for the simulators alone (tests and tools, whose product has no HTTP server of its own). */
export interface SimulatorsServer {
  /** Where `/simulators/…` is served: `http://127.0.0.1:<port>`. */
  url: string;
  simulators: LocalSimulators;
  /**
   * Serves the product's own routes beside the simulators (the providers' callbacks: railCallbackRoutes.ts), as
   * npm start serves them on the same port.
   */
  mount(routes: readonly HttpChannel[]): void;
  close(): Promise<void>;
}

/** How long closing waits for the requests being answered (a hung one, planned by a fault, never ends). */
const CLOSE_GRACE_MS = 5_000;

/** Creates the simulators and serves them on 127.0.0.1, on a port the system chooses. */
export async function serveLocalSimulators(
  connection: Connection,
  settings: LocalSimulatorSettings,
  options: { clock?: () => Date } = {},
): Promise<SimulatorsServer> {
  const simulators = await createLocalSimulators(connection, settings, options);
  const app = express();
  for (const { path, router } of simulatorRoutes(simulators)) app.use(path, router);
  const server = http.createServer(app);
  // The requests being answered: close lets them finish, since their work (a callback settling a payment) uses the
  // database its owner closes next.
  let answering = 0;
  server.on('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
    answering += 1;
    res.once('close', () => (answering -= 1));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  sendCardWebhooksTo(simulators, url, settings);
  return {
    url,
    simulators,
    mount(routes) {
      for (const { path, router } of routes) app.use(path, router);
    },
    async close() {
      closeLocalSimulators(simulators);
      const closed = new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
      server.closeIdleConnections();
      for (let waited = 0; answering > 0 && waited < CLOSE_GRACE_MS; waited += 20) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      server.closeAllConnections();
      await closed;
    },
  };
}

/**
 * Listens on the product's port (every interface, as the product's server) with the simulators alone, the rest
 * answering 503 while the product starts: the services read the bill aggregator's service list at start, by default
 * from this very port. The product's server then takes this listener over (startHttpServer's `listening`).
 */
export async function listenWithSimulators(port: number, simulators: LocalSimulators): Promise<http.Server> {
  const app = express();
  for (const { path, router } of simulatorRoutes(simulators)) app.use(path, router);
  app.use((_req, res) => void res.status(503).json({ error: 'starting' }));
  const server = http.createServer(app);
  server.listen(port);
  await once(server, 'listening');
  return server;
}
