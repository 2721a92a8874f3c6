/**
 * What the simulated MTN shares between its routes: its state and settings, MTN's error bodies, and the checks
 * every product call goes through (subscription key, access token, target environment, planned faults).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { MtnProduct } from '../client';
import type { CallbackSender } from './callbackSender';
import type { SimulatorFaults } from './faults';
import type { SimulatorStore } from './simulatorStore';

/** The target environments the simulator serves, with their currency (MTN's sandbox is in EUR). */
export const ENVIRONMENT_CURRENCY: Readonly<Record<string, string>> = { sandbox: 'EUR', mtncameroon: 'XAF' };

export interface SimulatorContext {
  store: SimulatorStore;
  faults: SimulatorFaults;
  callbacks: CallbackSender;
  clock: () => Date;
  completionDelayMs: number;
  tokenTtlSeconds: number;
  hangMs: number;
  openingBalance: number;
  subscriptionKeys: Readonly<Record<MtnProduct, string>>;
}

/** What the product checks found, for the route that follows. */
export interface CallerLocals {
  apiUser: string;
  environment: string;
  hang: boolean;
}

/** MTN's error body. */
export function mtnError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ code, message });
}

/** The API gateway's answer to a missing or wrong subscription key (its own body shape, not the platform's). */
export function invalidSubscriptionKey(res: Response): void {
  res.status(401).json({
    statusCode: 401,
    message:
      'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.',
  });
}

/** Compares secrets in constant time (lengths are not secret). */
export function sameSecret(given: string | undefined, expected: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Answers, after the simulator's hang time when this call was planned to hang. */
export async function reply(ctx: SimulatorContext, res: Response, status: number, body?: unknown): Promise<void> {
  if ((res.locals as Partial<CallerLocals>).hang) await sleep(ctx.hangMs);
  if (res.writableEnded || res.destroyed) return;
  if (body === undefined) res.status(status).end();
  else res.status(status).json(body);
}

/**
 * The checks before every product call, in MTN's order: the gateway's subscription key, the bearer token (issued
 * for this product and not expired), the target environment; then the planned faults.
 */
export function productGate(ctx: SimulatorContext, product: MtnProduct) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (!sameSecret(req.get('Ocp-Apim-Subscription-Key'), ctx.subscriptionKeys[product])) {
      return invalidSubscriptionKey(res);
    }
    const bearer = /^Bearer (\S+)$/.exec(req.get('Authorization') ?? '')?.[1];
    const token = bearer ? await ctx.store.tokens.findOne({ _id: bearer }) : null;
    if (!token || token.product !== product || token.expiresAt <= ctx.clock()) {
      res.status(401).json({ statusCode: 401, message: 'Access denied due to invalid or expired access token.' });
      return;
    }
    const environment = req.get('X-Target-Environment') ?? '';
    if (ENVIRONMENT_CURRENCY[environment] === undefined) {
      return mtnError(res, 500, 'NOT_ALLOWED_TARGET_ENVIRONMENT', 'Access to target environment is forbidden.');
    }
    if (ctx.faults.takeFailure()) {
      return mtnError(res, 500, 'INTERNAL_PROCESSING_ERROR', 'An internal error occurred while processing.');
    }
    const locals: CallerLocals = { apiUser: token.apiUser, environment, hang: ctx.faults.takeHang() };
    Object.assign(res.locals, locals);
    next();
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
