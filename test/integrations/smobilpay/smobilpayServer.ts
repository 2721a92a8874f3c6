/**
 * The Smobilpay simulator mounted where the product mounts it, on a real HTTP server (port 0) over the test
 * database, and a client and an aggregator signing with the same credentials.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Connection } from 'mongoose';
import { SmobilpayClient } from '../../../integrations/smobilpay/client';
import { S3pHmacAuthorizer } from '../../../integrations/smobilpay/s3pAuth';
import {
  createSmobilpaySimulator,
  SMOBILPAY_SIMULATOR_PATH,
  type SmobilpaySimulator,
  type SmobilpaySimulatorOptions,
} from '../../../integrations/smobilpay/simulator/smobilpaySimulator';
import { SmobilpayAggregator } from '../../../integrations/smobilpay/smobilpayAggregator';

export const PUBLIC_TOKEN = '6B352110-4716-11ED-963F-0800200C9A66';
export const SECRET = 'sim-secret-do-not-log';
export const ADMIN_TOKEN = 'sim-admin-token';

export interface SmobilpayServer {
  simulator: SmobilpaySimulator;
  /** The API's base URL, as SMOBILPAY_BASE_URL would be set. */
  baseUrl: string;
  client(options?: { secret?: string; publicToken?: string; timeoutMs?: number }): SmobilpayClient;
  aggregator(options?: { timeoutMs?: number; secret?: string }): SmobilpayAggregator;
  /** Moves the simulator's clock. */
  advance(ms: number): void;
  close(): Promise<void>;
}

export async function startSmobilpayServer(
  connection: Connection,
  options: Omit<SmobilpaySimulatorOptions, 'connection' | 'publicToken' | 'secret'> = {},
): Promise<SmobilpayServer> {
  let offsetMs = 0;
  const simulator = await createSmobilpaySimulator({
    connection,
    publicToken: PUBLIC_TOKEN,
    secret: SECRET,
    adminToken: ADMIN_TOKEN,
    clock: () => new Date(Date.now() + offsetMs),
    hangMs: 5_000,
    ...options,
  });
  const app = express();
  app.use(SMOBILPAY_SIMULATOR_PATH, simulator.router);
  const server = http.createServer(app);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}${SMOBILPAY_SIMULATOR_PATH}`;
  const client: SmobilpayServer['client'] = (o = {}) =>
    new SmobilpayClient({
      baseUrl,
      authorizer: new S3pHmacAuthorizer({ publicToken: o.publicToken ?? PUBLIC_TOKEN, secret: o.secret ?? SECRET }),
      timeoutMs: o.timeoutMs ?? 5_000,
    });
  return {
    simulator,
    baseUrl,
    client,
    aggregator: (o = {}) => new SmobilpayAggregator({ client: client(o), customerEmail: 'ops@example.cm' }),
    advance: (ms) => {
      offsetMs += ms;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
