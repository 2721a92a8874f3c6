/**
 * A local stand-in for Smobilpay's S3P v2 API (bill payments), for tests and for running without an account:
 * an express Router to mount at `/simulators/smobilpay`, answering the paths and bodies the client uses
 * (`/ping`, `/service`, `/bill`, `/subscription`, `/quotestd`, `/collectstd`, `/verifytx`) with S3P's shapes,
 * after checking each request's s3pAuth signature (a wrong one: 401 with S3P's error body). Its customers are
 * the in-process simulator's (integrations/bills/simulatedCustomers.ts), so either can stand in for the other.
 *
 * State (quotes, payments) is in the database passed in; faults are planned through `POST /_admin/faults` (with
 * the admin token in `X-Admin-Token`) or the returned methods; `POST /_admin/settle` ends a PENDING payment;
 * `GET /_admin/settlement?from=&to=` lists the payments of a period (settlementReport.ts).
 */
import { timingSafeEqual } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { parseS3pAuthHeader, s3pTimestampMs, verifyS3pSignature } from '../s3pAuth';
import { S3P_ERRORS } from '../s3pWire';
import { lookupRoutes } from './lookupRoutes';
import { paymentRoutes } from './paymentRoutes';
import { serveSmobilpaySettlement } from './settlementReport';
import { s3pError, type SimulatorContext, type SimulatorSettings } from './simulatorContext';
import { faultRequestSchema, SimulatorFaults, type FaultKind } from './simulatorFaults';
import { simulatorCollections, type SimulatedStatus } from './simulatorStore';

export const SMOBILPAY_SIMULATOR_PATH = '/simulators/smobilpay';

export interface SmobilpaySimulatorOptions extends Partial<SimulatorSettings> {
  connection: Connection;
  publicToken: string;
  secret: string;
  /** Guards the `/_admin` routes; they answer 404 without it. */
  adminToken?: string;
  /** The URL the router is reached at, as clients sign it, when a proxy changes it (default: from the request). */
  publicUrl?: string;
  /** Refuse requests whose s3pAuth_timestamp is further than this from the clock; null (default): no check. */
  maxClockSkewMs?: number | null;
  clock?: () => Date;
}

export interface SmobilpaySimulator {
  router: Router;
  /** The next `count` calls or collects play the fault (see simulatorFaults.ts). */
  planFault(kind: FaultKind, count?: number): void;
  clearFaults(): void;
  /** Ends the payment under a trid as the biller would, later (any status S3P reports, to test the mapping). */
  settle(trid: string, status: Exclude<SimulatedStatus, 'PENDING'>): Promise<void>;
  /** How many collects arrived under a trid (answered or not). */
  collectsFor(trid: string): number;
}

const settleBody = z.object({
  trid: z.string().min(1),
  status: z.enum(['SUCCESS', 'INPROCESS', 'ERRORED', 'ERROREDREFUNDED', 'REVERSED']),
});

/** Creates the simulator's collections and indexes, then its router. */
export async function createSmobilpaySimulator(options: SmobilpaySimulatorOptions): Promise<SmobilpaySimulator> {
  const collections = await simulatorCollections(options.connection);
  const clock = options.clock ?? (() => new Date());
  const faults = new SimulatorFaults();
  const context: SimulatorContext = {
    settings: {
      quoteTtlMs: options.quoteTtlMs ?? 5 * 60_000,
      completionMs: options.completionMs ?? 0,
      pendingMs: options.pendingMs ?? null,
      hangMs: options.hangMs ?? 30_000,
    },
    clock,
    collections,
    faults,
  };
  const collects = new Map<string, number>();

  const settle = async (trid: string, status: Exclude<SimulatedStatus, 'PENDING'>): Promise<boolean> => {
    const result = await collections.payments.updateOne(
      { tridKey: trid },
      {
        $set: { status, completesAt: null, errorCode: status === 'SUCCESS' || status === 'INPROCESS' ? null : 703202 },
      },
    );
    return result.matchedCount > 0;
  };

  const router = express.Router();
  router.use(express.json({ limit: '64kb' }));
  const settlement = (req: Request, res: Response) => serveSmobilpaySettlement(collections, clock(), req, res);
  router.use('/_admin', adminRoutes(options.adminToken, faults, settle, settlement));
  router.use((req, res, next) => authenticate(req, res, next, options));
  router.use((req, res, next) => {
    if (req.method === 'POST' && req.path === '/collectstd' && typeof req.body?.trid === 'string') {
      collects.set(req.body.trid, (collects.get(req.body.trid) ?? 0) + 1);
    }
    if (faults.take('fail')) return s3pError(res, 500, S3P_ERRORS.INTERNAL, 'Internal server error');
    if (faults.take('hang')) return hang(res, context.settings.hangMs);
    next();
  });
  router.use(lookupRoutes(context, options.publicToken));
  router.use(paymentRoutes(context));
  router.use((_req: Request, res: Response) => s3pError(res, 404, 40400, 'Resource not found'));
  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const status = (error as { status?: number }).status;
    if (status === 400 || status === 413) return s3pError(res, status, S3P_ERRORS.INVALID_REQUEST, 'Invalid body');
    s3pError(res, 500, S3P_ERRORS.INTERNAL, 'Internal server error');
  });

  return {
    router,
    planFault: (kind, count = 1) => faults.plan(kind, count),
    clearFaults: () => faults.clear(),
    settle: async (trid, status) => {
      if (!(await settle(trid, status))) throw new Error(`no payment under ${trid}`);
    },
    collectsFor: (trid) => collects.get(trid) ?? 0,
  };
}

/** Checks the s3pAuth header: our public token, a signature over this very request, a timestamp if asked. */
function authenticate(req: Request, res: Response, next: NextFunction, options: SmobilpaySimulatorOptions): void {
  const parsed = parseS3pAuthHeader(req.get('Authorization'));
  const path = new URL(req.originalUrl, 'http://simulator');
  const base = options.publicUrl ?? `${req.protocol}://${req.get('host')}${req.baseUrl}`;
  const url = `${base.replace(/\/+$/, '')}${req.path}${path.search}`;
  const body = req.method === 'POST' && isRecord(req.body) ? req.body : undefined;
  const given = Buffer.from(parsed?.fields.s3pAuth_token ?? '');
  const expected = Buffer.from(options.publicToken);
  const tokenOk = given.length === expected.length && timingSafeEqual(given, expected);
  const skew = options.maxClockSkewMs ?? null;
  const at = parsed ? s3pTimestampMs(parsed.fields.s3pAuth_timestamp) : null;
  const now = (options.clock ?? (() => new Date()))().getTime();
  const timely = skew === null || (at !== null && Math.abs(now - at) <= skew);
  if (
    !parsed ||
    !tokenOk ||
    !timely ||
    !verifyS3pSignature({ method: req.method, url, body }, parsed, options.secret)
  ) {
    return s3pError(res, 401, S3P_ERRORS.UNAUTHORIZED, 'Request could not be authenticated');
  }
  next();
}

function adminRoutes(
  adminToken: string | undefined,
  faults: SimulatorFaults,
  settle: (trid: string, status: Exclude<SimulatedStatus, 'PENDING'>) => Promise<boolean>,
  settlement: (req: Request, res: Response) => Promise<void>,
): Router {
  const router = express.Router();
  router.use((req, res, next) => {
    const given = Buffer.from(req.get('X-Admin-Token') ?? '');
    const expected = Buffer.from(adminToken ?? '');
    if (!adminToken || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return void res.status(404).json({ error: 'not found' });
    }
    next();
  });
  router.get('/faults', (_req, res) => void res.json(faults.pending()));
  router.post('/faults', (req, res) => {
    const body = faultRequestSchema.safeParse(req.body);
    if (!body.success) return void res.status(400).json({ error: 'kind (fail, hang, pending, errored) and count' });
    faults.plan(body.data.kind, body.data.count);
    res.json(faults.pending());
  });
  router.delete('/faults', (_req, res) => {
    faults.clear();
    res.json(faults.pending());
  });
  router.get('/settlement', settlement);
  router.post('/settle', async (req, res) => {
    const body = settleBody.safeParse(req.body);
    if (!body.success) return void res.status(400).json({ error: 'trid and status are required' });
    if (!(await settle(body.data.trid, body.data.status))) return void res.status(404).json({ error: 'no payment' });
    res.json({ trid: body.data.trid, status: body.data.status });
  });
  return router;
}

/** Holds the call without answering (the client should time out first), then answers 504 and lets it go. */
function hang(res: Response, ms: number): void {
  const timer = setTimeout(() => {
    if (!res.headersSent) s3pError(res, 504, S3P_ERRORS.INTERNAL, 'Gateway timeout');
  }, ms);
  timer.unref();
  res.on('close', () => clearTimeout(timer));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
