/**
 * The real pieces wired together for the Orange Money tests: one express app on a free port serving the simulator
 * at /simulators/orange-money (on the test's database) and our notification route at /callbacks/orange-money,
 * and clients and rails pointed at them over HTTP.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Connection } from 'mongoose';
import type { RailCallback } from '../../../domain/paymentRail';
import { MemoryOrangePayTokenStore } from '../../../integrations/memory/memoryOrangePayTokenStore';
import { orangeMoneyCallbackRoute } from '../../../integrations/orangeMoney/callbackRoute';
import { OrangeMoneyClient, type OrangeMoneyClientOptions } from '../../../integrations/orangeMoney/client';
import { OrangeMoneyRail } from '../../../integrations/orangeMoney/orangeMoneyRail';
import type { OrangePayTokenStore } from '../../../integrations/orangeMoney/ports';
import {
  createOrangeMoneySimulator,
  DEFAULT_SIMULATOR_CREDENTIALS,
  type OrangeMoneySimulator,
  type OrangeMoneySimulatorOptions,
} from '../../../integrations/orangeMoney/simulator/orangeMoneySimulator';

export const ADMIN_TOKEN = 'test-admin-token';

export interface OrangeHarness {
  readonly url: string;
  readonly simulatorUrl: string;
  readonly callbackBaseUrl: string;
  /** The simulator now serving (replaced by `restartSimulator`). */
  readonly simulator: OrangeMoneySimulator;
  /** Every callback our route handed on, in order. */
  readonly callbacks: RailCallback[];
  client(options?: Partial<OrangeMoneyClientOptions>): OrangeMoneyClient;
  rail(options?: { client?: OrangeMoneyClient; store?: OrangePayTokenStore }): OrangeMoneyRail;
  /** Serves a new simulator instance on the same database, as after a restart. */
  restartSimulator(): void;
  close(): Promise<void>;
}

export async function startOrangeHarness(
  connection: Connection,
  options: Partial<Omit<OrangeMoneySimulatorOptions, 'connection'>> = {},
): Promise<OrangeHarness> {
  const make = () =>
    createOrangeMoneySimulator({
      completionDelayMs: 100,
      adminToken: ADMIN_TOKEN,
      notificationTimeoutMs: 2000,
      ...options,
      connection,
    });
  let simulator = make();
  const callbacks: RailCallback[] = [];
  const app = express();
  // The simulator is looked up per request so a restart swaps it under the same URL.
  app.use('/simulators/orange-money', (req, res, next) => simulator.router(req, res, next));
  app.use(
    '/callbacks/orange-money',
    orangeMoneyCallbackRoute({
      onCallback: async (callback) => {
        callbacks.push(callback);
      },
    }),
  );
  const server = http.createServer(app);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const simulatorUrl = `${url}/simulators/orange-money`;
  const callbackBaseUrl = `${url}/callbacks/orange-money`;

  const client = (overrides: Partial<OrangeMoneyClientOptions> = {}) =>
    new OrangeMoneyClient({ baseUrl: simulatorUrl, timeoutMs: 2000, ...DEFAULT_SIMULATOR_CREDENTIALS, ...overrides });

  return {
    url,
    simulatorUrl,
    callbackBaseUrl,
    get simulator() {
      return simulator;
    },
    callbacks,
    client,
    rail: (parts = {}) =>
      new OrangeMoneyRail({
        client: parts.client ?? client(),
        store: parts.store ?? new MemoryOrangePayTokenStore(),
        callbackBaseUrl,
      }),
    restartSimulator() {
      simulator.close();
      simulator = make();
    },
    async close() {
      simulator.close();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** Polls until `check` passes or the time is up (for what the simulator's timers finish). */
export async function eventually(check: () => Promise<void> | void, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

/** Catches what a promise rejects with, for asserting on a typed error's fields. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}
