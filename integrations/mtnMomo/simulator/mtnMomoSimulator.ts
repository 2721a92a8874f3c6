/**
 * A local stand-in for MTN MoMo's Open API, speaking the same paths under its mount point (the product mounts it
 * at `/simulators/mtn-momo`), for tests and for `npm start` without an MTN account:
 *
 * - `POST /{collection|disbursement}/token/`: Basic auth of a provisioned API user and the product's subscription
 *   key → `{access_token, token_type, expires_in}`.
 * - `POST /collection/v1_0/requesttopay`, `POST /disbursement/v1_0/transfer` and their status GETs; account
 *   holders (`…/accountholder/msisdn/{msisdn}/active`, `…/basicuserinfo`) and `…/account/balance` (productRoutes.ts).
 * - Sandbox provisioning: `POST /v1_0/apiuser` (X-Reference-Id, `{providerCallbackHost}`) → 201,
 *   `POST /v1_0/apiuser/{id}/apikey` → 201 `{apiKey}`, `GET /v1_0/apiuser/{id}`.
 * - `POST /_admin/faults` (Bearer admin token; absent without one): plans faults (faults.ts), as the methods do.
 * - `GET /_admin/settlement?from=&to=` (same token): the payments asked in the period (settlementReport.ts).
 *
 * State is in the database (simulatorStore.ts), so a restart keeps users, tokens and payments; outcomes follow the
 * numbers (sandboxNumbers.ts); callbacks are sent by in-process timers (callbackSender.ts). A default API user and
 * key can be given, so the product runs against it without provisioning.
 */
import { randomBytes } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import type { MtnProduct } from '../client';
import { isUuidV4 } from '../referenceId';
import { CallbackSender, type CallbackMethod, type SentCallback } from './callbackSender';
import { faultOrder, SimulatorFaults, type FaultOrder } from './faults';
import { productRoutes } from './productRoutes';
import { serveMtnSettlement } from './settlementReport';
import { SimulatorStore } from './simulatorStore';
import { invalidSubscriptionKey, mtnError, sameSecret, sha256, type SimulatorContext } from './wire';

export interface MtnMomoSimulatorOptions {
  connection: Connection;
  /** One subscription key per product, as MTN's developer portal gives them. */
  subscriptionKeys: Readonly<Record<MtnProduct, string>>;
  /** An API user that exists from the start (e.g. the one `npm start` is configured with). */
  defaultApiUser?: { apiUser: string; apiKey: string; providerCallbackHost?: string };
  /** How long a payment takes to end; "delayed" numbers take ten times this. Default 3000 ms. */
  completionDelayMs?: number;
  clock?: () => Date;
  /** Enables `POST /_admin/faults` for callers that send it as a Bearer token. */
  adminToken?: string;
  /** Lifetime of the tokens handed out. Default 3600 s, as MTN's. */
  tokenTtlSeconds?: number;
  /** How long a call planned to hang is held before its answer: longer than the client's timeout. Default 30 s. */
  hangMs?: number;
  /** Default POST (see callbackSender.ts). */
  callbackMethod?: CallbackMethod;
  /** Each product account's balance before any payment. Default 1 000 000. */
  openingBalance?: number;
}

/** A simulator: its router, and the fault controls also reachable by the admin route. */
export interface MtnMomoSimulator {
  readonly router: Router;
  /** Resolves once the default API user is stored (requests wait for it anyway). */
  ready(): Promise<void>;
  /** The next `count` product API calls answer 500 and do nothing. */
  failNext(count: number): void;
  /** The next `count` product API calls are carried out but answered only after the hang time. */
  hangNext(count: number): void;
  dropCallbacks(count: number): void;
  duplicateCallbacks(count: number): void;
  delayCallbacks(count: number, ms: number): void;
  /** The next `count` payments accepted stay pending forever. */
  pendingForever(count: number): void;
  /** Plans faults as the admin route's body does. */
  planFaults(order: FaultOrder): void;
  resetFaults(): void;
  /** Every callback sent (or tried), in order. */
  readonly callbacks: readonly SentCallback[];
  /** Stops the callback timers (callbacks not sent yet are lost, as on a restart). */
  close(): void;
}

const apiUserBody = z.object({ providerCallbackHost: z.string().min(1).max(253) });

/** Builds the simulator's router and controls; mount the router where the client's base URL points. */
export function createMtnMomoSimulator(options: MtnMomoSimulatorOptions): MtnMomoSimulator {
  const faults = new SimulatorFaults();
  const callbacks = new CallbackSender(options.callbackMethod ?? 'POST', faults);
  const ctx: SimulatorContext = {
    store: new SimulatorStore(options.connection),
    faults,
    callbacks,
    clock: options.clock ?? (() => new Date()),
    completionDelayMs: options.completionDelayMs ?? 3000,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
    hangMs: options.hangMs ?? 30_000,
    openingBalance: options.openingBalance ?? 1_000_000,
    subscriptionKeys: options.subscriptionKeys,
  };

  let provisioned: Promise<void> | null = null;
  const ready = (): Promise<void> => {
    provisioned ??= provisionDefaultUser(ctx, options.defaultApiUser).catch((error: unknown) => {
      provisioned = null;
      throw error;
    });
    return provisioned;
  };

  const router = express.Router();
  router.use(async (_req, _res, next) => {
    await ready();
    next();
  });
  router.use(express.json({ limit: '64kb' }));
  router.post('/_admin/faults', (req, res) => {
    if (!options.adminToken) return void res.status(404).end();
    const bearer = /^Bearer (\S+)$/.exec(req.get('Authorization') ?? '')?.[1];
    if (!sameSecret(bearer, options.adminToken)) return void res.status(401).json({ message: 'admin token required' });
    const order = faultOrder.safeParse(req.body);
    if (!order.success) return void res.status(400).json({ message: 'bad fault order' });
    faults.apply(order.data);
    res.status(204).end();
  });
  router.get('/_admin/settlement', async (req, res) => {
    if (!options.adminToken) return void res.status(404).end();
    const bearer = /^Bearer (\S+)$/.exec(req.get('Authorization') ?? '')?.[1];
    if (!sameSecret(bearer, options.adminToken)) return void res.status(401).json({ message: 'admin token required' });
    await serveMtnSettlement(ctx.store, ctx.clock(), req, res);
  });
  router.post('/v1_0/apiuser', (req, res) => createApiUser(ctx, req, res));
  router.post('/v1_0/apiuser/:id/apikey', (req, res) => createApiKey(ctx, req, res));
  router.get('/v1_0/apiuser/:id', async (req, res) => {
    if (!anySubscriptionKey(ctx, req)) return invalidSubscriptionKey(res);
    const user = await ctx.store.apiUsers.findOne({ _id: String(req.params.id).toLowerCase() });
    if (!user) return mtnError(res, 404, 'RESOURCE_NOT_FOUND', 'Requested resource was not found.');
    res.json({ providerCallbackHost: user.providerCallbackHost, targetEnvironment: user.targetEnvironment });
  });
  for (const product of ['collection', 'disbursement'] as const) {
    router.post([`/${product}/token`, `/${product}/token/`], (req, res) => issueToken(ctx, product, req, res));
    router.use(`/${product}`, productRoutes(ctx, product));
  }
  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const status = (error as { status?: unknown }).status;
    if (status === 400 || status === 413) return mtnError(res, 400, 'BAD_REQUEST', 'Request body could not be read.');
    mtnError(res, 500, 'INTERNAL_PROCESSING_ERROR', 'An internal error occurred while processing.');
  });

  const plan = (order: FaultOrder) => faults.apply(faultOrder.parse(order));
  return {
    router,
    ready,
    failNext: (count) => plan({ failNext: count }),
    hangNext: (count) => plan({ hangNext: count }),
    dropCallbacks: (count) => plan({ dropCallbacks: count }),
    duplicateCallbacks: (count) => plan({ duplicateCallbacks: count }),
    delayCallbacks: (count, ms) => plan({ delayCallbacks: { count, ms } }),
    pendingForever: (count) => plan({ pendingForever: count }),
    planFaults: plan,
    resetFaults: () => faults.reset(),
    get callbacks() {
      return callbacks.sent;
    },
    close: () => callbacks.close(),
  };
}

async function provisionDefaultUser(
  ctx: SimulatorContext,
  user: MtnMomoSimulatorOptions['defaultApiUser'],
): Promise<void> {
  if (!user) return;
  await ctx.store.apiUsers.replaceOne(
    { _id: user.apiUser },
    {
      providerCallbackHost: user.providerCallbackHost ?? null,
      targetEnvironment: 'sandbox',
      apiKeyHash: sha256(user.apiKey),
      createdAt: ctx.clock(),
    },
    { upsert: true },
  );
}

/** Provisioning is allowed with any of the products' subscription keys, as on MTN's sandbox. */
function anySubscriptionKey(ctx: SimulatorContext, req: Request): boolean {
  const given = req.get('Ocp-Apim-Subscription-Key');
  return Object.values(ctx.subscriptionKeys).some((key) => sameSecret(given, key));
}

async function createApiUser(ctx: SimulatorContext, req: Request, res: Response): Promise<void> {
  if (!anySubscriptionKey(ctx, req)) return invalidSubscriptionKey(res);
  const id = req.get('X-Reference-Id') ?? '';
  const body = apiUserBody.safeParse(req.body);
  if (!isUuidV4(id) || !body.success) {
    return mtnError(res, 400, 'BAD_REQUEST', 'Request does not follow the specification.');
  }
  const inserted = await ctx.store.insertApiUser({
    _id: id.toLowerCase(),
    providerCallbackHost: body.data.providerCallbackHost,
    targetEnvironment: 'sandbox',
    apiKeyHash: null,
    createdAt: ctx.clock(),
  });
  if (inserted === 'duplicate') {
    return mtnError(res, 409, 'RESOURCE_ALREADY_EXIST', 'Duplicated reference id. Creation of resource failed.');
  }
  res.status(201).end();
}

/** A new key for the user (the previous one stops working); only its hash is kept. */
async function createApiKey(ctx: SimulatorContext, req: Request, res: Response): Promise<void> {
  if (!anySubscriptionKey(ctx, req)) return invalidSubscriptionKey(res);
  const apiKey = randomBytes(16).toString('hex');
  const updated = await ctx.store.apiUsers.updateOne(
    { _id: String(req.params.id).toLowerCase() },
    { $set: { apiKeyHash: sha256(apiKey) } },
  );
  if (updated.matchedCount === 0) return mtnError(res, 404, 'RESOURCE_NOT_FOUND', 'Requested resource was not found.');
  res.status(201).json({ apiKey });
}

async function issueToken(ctx: SimulatorContext, product: MtnProduct, req: Request, res: Response): Promise<void> {
  if (!sameSecret(req.get('Ocp-Apim-Subscription-Key'), ctx.subscriptionKeys[product])) {
    return invalidSubscriptionKey(res);
  }
  const basic = /^Basic (\S+)$/.exec(req.get('Authorization') ?? '')?.[1];
  const [apiUser = '', apiKey = ''] = Buffer.from(basic ?? '', 'base64')
    .toString('utf8')
    .split(/:(.*)/s);
  const user = apiUser ? await ctx.store.apiUsers.findOne({ _id: apiUser.toLowerCase() }) : null;
  if (!user?.apiKeyHash || !sameSecret(sha256(apiKey), user.apiKeyHash)) {
    res.status(401).json({ error: 'login_failed' });
    return;
  }
  const accessToken = randomBytes(32).toString('base64url');
  await ctx.store.tokens.insertOne({
    _id: accessToken,
    apiUser: user._id,
    product,
    expiresAt: new Date(ctx.clock().getTime() + ctx.tokenTtlSeconds * 1000),
  });
  res.json({ access_token: accessToken, token_type: 'access_token', expires_in: ctx.tokenTtlSeconds });
}
