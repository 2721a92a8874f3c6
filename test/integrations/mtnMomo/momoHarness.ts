/**
 * One HTTP server for a test file, as `npm start` would wire it: the MTN MoMo simulator at
 * `/simulators/mtn-momo` and our callback route at `/callbacks/mtn-momo`, on a free port, with a client and a rail
 * pointed at it. The simulator stores its state in the test's database.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Connection } from 'mongoose';
import type { RailCallback } from '../../../domain/paymentRail';
import { mtnMomoCallbackRouter } from '../../../integrations/mtnMomo/callbackRoute';
import { MtnMomoClient, type MtnMomoClientOptions } from '../../../integrations/mtnMomo/client';
import { MtnMomoRail, type MtnMomoRailOptions } from '../../../integrations/mtnMomo/mtnMomoRail';
import {
  createMtnMomoSimulator,
  type MtnMomoSimulator,
  type MtnMomoSimulatorOptions,
} from '../../../integrations/mtnMomo/simulator/mtnMomoSimulator';

export const SUBSCRIPTION_KEYS = { collection: 'collection-subscription-key', disbursement: 'disbursement-key-0' };
export const ADMIN_TOKEN = 'admin-token-for-tests-only';

export interface MomoHarness {
  readonly simulatorUrl: string;
  readonly callbackBaseUrl: string;
  readonly simulator: MtnMomoSimulator;
  readonly apiUser: string;
  readonly apiKey: string;
  /** What our callback route passed to the handler, in order. */
  readonly received: RailCallback[];
  client(overrides?: Partial<MtnMomoClientOptions>): MtnMomoClient;
  rail(overrides?: Partial<MtnMomoRailOptions>, client?: MtnMomoClient): MtnMomoRail;
  close(): Promise<void>;
}

export async function startMomoHarness(
  connection: Connection,
  options: Partial<Omit<MtnMomoSimulatorOptions, 'connection'>> = {},
): Promise<MomoHarness> {
  const apiUser = options.defaultApiUser?.apiUser ?? randomUUID();
  const apiKey = options.defaultApiUser?.apiKey ?? randomUUID().replace(/-/g, '');
  const simulator = createMtnMomoSimulator({
    connection,
    subscriptionKeys: SUBSCRIPTION_KEYS,
    defaultApiUser: { apiUser, apiKey },
    completionDelayMs: 250,
    adminToken: ADMIN_TOKEN,
    hangMs: 1_000,
    ...options,
  });
  const received: RailCallback[] = [];
  const app = express();
  app.use('/simulators/mtn-momo', simulator.router);
  app.use(
    '/callbacks/mtn-momo',
    mtnMomoCallbackRouter({
      handler: async (callback) => {
        received.push(callback);
      },
    }),
  );
  const server = http.createServer(app);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const simulatorUrl = `${base}/simulators/mtn-momo`;
  const callbackBaseUrl = `${base}/callbacks/mtn-momo`;
  const client = (overrides: Partial<MtnMomoClientOptions> = {}) =>
    new MtnMomoClient({
      baseUrl: simulatorUrl,
      targetEnvironment: 'mtncameroon',
      apiUser,
      apiKey,
      subscriptionKeys: SUBSCRIPTION_KEYS,
      timeoutMs: 2_000,
      ...overrides,
    });
  return {
    simulatorUrl,
    callbackBaseUrl,
    simulator,
    apiUser,
    apiKey,
    received,
    client,
    rail: (overrides = {}, railClient = client()) =>
      new MtnMomoRail({ client: railClient, currency: 'XAF', callbackBaseUrl, ...overrides }),
    async close() {
      simulator.close();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** Waits until `check` holds, polling; fails after `timeoutMs`. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 3_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
