/**
 * One real HTTP server for a Notch Pay test file: the simulator mounted where the wiring mounts it, our webhook
 * route (the simulator's webhooks reach it over HTTP), and a stand-in for our return page. Keys are made at run
 * time so nothing in the repository looks like a credential.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Connection } from 'mongoose';
import type { RailCallback } from '../../../domain/paymentRail';
import { NotchPayClient, type NotchPayClientOptions } from '../../../integrations/notchPay/client';
import { NotchPayRail } from '../../../integrations/notchPay/notchPayRail';
import { NotchPayReferences } from '../../../integrations/notchPay/referenceStore';
import {
  createNotchPaySimulator,
  NOTCH_PAY_SIMULATOR_PATH,
  type NotchPaySimulator,
  type NotchPaySimulatorOptions,
} from '../../../integrations/notchPay/simulator/notchPaySimulator';
import { notchPayWebhookRouter } from '../../../integrations/notchPay/webhookRoute';

export const WEBHOOK_PATH = '/webhooks/notch-pay';
export const RETURN_PATH = '/payments/card/return';

/** A running server with the simulator, the webhook route and what reached it. */
export interface NotchPayHarness {
  url: string;
  simulatorUrl: string;
  publicKey: string;
  privateKey: string;
  hashKey: string;
  adminToken: string;
  simulator: NotchPaySimulator;
  /** Every reference our webhook route handed to the handler, in order. */
  callbacks: RailCallback[];
  /** Makes the handler fail (500) until set back to false. */
  failHandler: boolean;
  client(overrides?: Partial<NotchPayClientOptions>): NotchPayClient;
  rail(overrides?: Partial<NotchPayClientOptions>): NotchPayRail;
  close(): Promise<void>;
}

export async function startNotchPayHarness(
  connection: Connection,
  options: Partial<Omit<NotchPaySimulatorOptions, 'connection'>> = {},
): Promise<NotchPayHarness> {
  const publicKey = `pk_test.${randomBytes(12).toString('hex')}`;
  const privateKey = `sk_test.${randomBytes(12).toString('hex')}`;
  const hashKey = randomBytes(24).toString('hex');
  const adminToken = randomBytes(16).toString('hex');
  const callbacks: RailCallback[] = [];
  const app = express();
  const simulator = createNotchPaySimulator({
    connection,
    publicKey,
    privateKey,
    adminToken,
    webhookDelayMs: 5,
    ...options,
  });
  await simulator.ensureIndexes();
  const references = new NotchPayReferences(connection);
  await references.ensureIndexes();
  const harness: NotchPayHarness = {
    url: '',
    simulatorUrl: '',
    publicKey,
    privateKey,
    hashKey,
    adminToken,
    simulator,
    callbacks,
    failHandler: false,
    client: (overrides = {}) =>
      new NotchPayClient({ baseUrl: harness.simulatorUrl, publicKey, privateKey, timeoutMs: 2_000, ...overrides }),
    rail: (overrides = {}) =>
      new NotchPayRail({
        client: harness.client(overrides),
        references,
        returnUrl: `${harness.url}${RETURN_PATH}`,
      }),
    close: async () => undefined,
  };
  app.use(NOTCH_PAY_SIMULATOR_PATH, simulator.router);
  app.use(
    WEBHOOK_PATH,
    notchPayWebhookRouter({
      hashKey,
      onCallback: async (callback) => {
        if (harness.failHandler) throw new Error('handler down');
        callbacks.push(callback);
      },
    }),
  );
  app.get(
    RETURN_PATH,
    (req, res) =>
      void res.type('text/plain').send(`returned ${new URLSearchParams(req.query as Record<string, string>)}`),
  );
  const server = http.createServer(app);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  harness.url = `http://127.0.0.1:${port}`;
  harness.simulatorUrl = `${harness.url}${NOTCH_PAY_SIMULATOR_PATH}`;
  simulator.setWebhook({ url: `${harness.url}${WEBHOOK_PATH}`, hashKey });
  harness.close = async () => {
    simulator.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return harness;
}

/** Waits (up to ~2 s) until `check` holds. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 2_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A unique transfer id, as the ledger makes them. */
export function transferId(): string {
  return `tr-${randomBytes(8).toString('hex')}-${randomBytes(4).toString('hex')}`;
}
