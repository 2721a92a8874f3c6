/**
 * The simulated MTN's product routes, for collection and disbursement alike: requests to pay and transfers with
 * their status, account holders, and the account balance. Every route passes productGate (wire.ts) first.
 */
import { randomInt } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { MtnProduct } from '../client';
import { isUuidV4 } from '../referenceId';
import { simulatedAccountHolder, simulatedMtnOutcome } from './sandboxNumbers';
import { paymentId, statusAt, type SimulatedMtnPayment } from './simulatorStore';
import { ENVIRONMENT_CURRENCY, productGate, reply, type CallerLocals, type SimulatorContext } from './wire';

const party = z.object({ partyIdType: z.string(), partyId: z.string() });

// The text fields MTN refuses: over 160 characters, or an apostrophe (MTN's error list).
const note = z
  .string()
  .max(160)
  .refine((text) => !text.includes("'"))
  .optional();

const orderBody = z.object({
  amount: z.string(),
  currency: z.string(),
  externalId: z.string().optional(),
  payer: party.optional(),
  payee: party.optional(),
  payerMessage: note,
  payeeNote: note,
});

const PARTY_OF: Readonly<Record<MtnProduct, 'payer' | 'payee'>> = { collection: 'payer', disbursement: 'payee' };
const ORDER_PATH: Readonly<Record<MtnProduct, string>> = { collection: 'requesttopay', disbursement: 'transfer' };

/** The routes of one product, to mount under `/<product>`. */
export function productRoutes(ctx: SimulatorContext, product: MtnProduct): Router {
  const router = express.Router();
  router.use(productGate(ctx, product));
  router.post(`/v1_0/${ORDER_PATH[product]}`, (req, res) => acceptOrder(ctx, product, req, res));
  router.get(`/v1_0/${ORDER_PATH[product]}/:referenceId`, async (req, res) => {
    const locals = res.locals as CallerLocals;
    const payment = await ctx.store.payment(product, req.params.referenceId!);
    if (!payment || payment.apiUser !== locals.apiUser) {
      return reply(ctx, res, 404, { code: 'RESOURCE_NOT_FOUND', message: 'Requested resource was not found.' });
    }
    await reply(ctx, res, 200, statusBody(payment, ctx.clock()));
  });
  router.get('/v1_0/accountholder/msisdn/:msisdn/active', async (req, res) => {
    await reply(ctx, res, 200, { result: simulatedAccountHolder(req.params.msisdn!) !== null });
  });
  router.get('/v1_0/accountholder/msisdn/:msisdn/basicuserinfo', async (req, res) => {
    const holder = simulatedAccountHolder(req.params.msisdn!);
    if (!holder) {
      return reply(ctx, res, 404, { code: 'RESOURCE_NOT_FOUND', message: 'Requested resource was not found.' });
    }
    await reply(ctx, res, 200, {
      sub: '0',
      name: `${holder.givenName} ${holder.familyName}`,
      given_name: holder.givenName,
      family_name: holder.familyName,
      birthdate: '1976-08-13',
      locale: 'fr_CM',
      gender: 'MALE',
      updated_at: Math.floor(ctx.clock().getTime() / 1000),
    });
  });
  router.get('/v1_0/account/balance', async (_req, res) => {
    const locals = res.locals as CallerLocals;
    await reply(ctx, res, 200, {
      availableBalance: String(await balance(ctx, product, locals)),
      currency: ENVIRONMENT_CURRENCY[locals.environment],
    });
  });
  return router;
}

/** A request to pay or a transfer: checked like MTN, stored once per reference, answered 202 with no body. */
async function acceptOrder(ctx: SimulatorContext, product: MtnProduct, req: Request, res: Response): Promise<void> {
  const locals = res.locals as CallerLocals;
  const referenceId = req.get('X-Reference-Id') ?? '';
  if (!isUuidV4(referenceId)) {
    return reply(ctx, res, 400, { code: 'INVALID_REFERENCE_ID', message: 'X-Reference-Id must be a UUID v4.' });
  }
  const parsed = orderBody.safeParse(req.body);
  if (!parsed.success) {
    return reply(ctx, res, 400, { code: 'BAD_REQUEST', message: 'Request does not follow the specification.' });
  }
  const order = parsed.data;
  const partyName = PARTY_OF[product];
  const who = order[partyName];
  const currency = ENVIRONMENT_CURRENCY[locals.environment]!;
  // MSISDNs are E.164 digits without '+'; in Cameroon's production, Cameroonian mobile numbers only.
  const validNumber = locals.environment === 'mtncameroon' ? /^2376\d{8}$/ : /^\d{8,15}$/;
  if (!who || who.partyIdType !== 'MSISDN' || !validNumber.test(who.partyId)) {
    const code = product === 'collection' ? 'PAYER_NOT_FOUND' : 'PAYEE_NOT_FOUND';
    return reply(ctx, res, 400, { code, message: `Invalid ${partyName} MSISDN.` });
  }
  // Whole francs in XAF; MTN's sandbox also takes decimals of euros.
  const validAmount = currency === 'XAF' ? /^[1-9]\d{0,11}$/ : /^(?=.*[1-9])\d{1,12}(\.\d{1,2})?$/;
  if (!validAmount.test(order.amount)) {
    return reply(ctx, res, 400, { code: 'INVALID_AMOUNT', message: 'Invalid amount.' });
  }
  if (order.currency !== currency) {
    return reply(ctx, res, 500, { code: 'INVALID_CURRENCY', message: 'Currency not supported.' });
  }
  const callbackUrl = req.get('X-Callback-Url') ?? null;
  if (callbackUrl !== null && !(await callbackHostAllowed(ctx, locals.apiUser, callbackUrl))) {
    return reply(ctx, res, 500, {
      code: 'INVALID_CALLBACK_URL_HOST',
      message: 'Callback URL with different host name to configured for API User.',
    });
  }

  const now = ctx.clock();
  const scripted = ctx.faults.takeStuck()
    ? { kind: 'stays_pending' as const }
    : simulatedMtnOutcome(product, who.partyId);
  const delayMs = scripted.kind === 'delayed' ? ctx.completionDelayMs * 10 : ctx.completionDelayMs;
  const payment: SimulatedMtnPayment = {
    _id: paymentId(product, referenceId),
    product,
    referenceId: referenceId.toLowerCase(),
    apiUser: locals.apiUser,
    environment: locals.environment,
    amount: order.amount,
    currency: order.currency,
    externalId: order.externalId ?? '',
    partyId: who.partyId,
    payerMessage: order.payerMessage ?? null,
    payeeNote: order.payeeNote ?? null,
    callbackUrl,
    outcome: scripted.kind === 'stays_pending' ? 'PENDING' : scripted.kind === 'fails' ? 'FAILED' : 'SUCCESSFUL',
    reason: scripted.kind === 'fails' ? scripted.reason : null,
    completesAt: scripted.kind === 'stays_pending' ? null : new Date(now.getTime() + delayMs),
    financialTransactionId: String(randomInt(100_000_000, 2_000_000_000)),
    createdAt: now,
  };
  if ((await ctx.store.insertPayment(payment)) === 'duplicate') {
    return reply(ctx, res, 409, {
      code: 'RESOURCE_ALREADY_EXIST',
      message: 'Duplicated reference id. Creation of resource failed.',
    });
  }
  if (payment.callbackUrl !== null && payment.completesAt !== null) {
    const url = payment.callbackUrl;
    // The callback carries the payment as it ends, whatever the simulator's clock says when the timer fires.
    const ended = statusBody(payment, payment.completesAt);
    ctx.callbacks.later(delayMs, () => ctx.callbacks.deliver(url, ended));
  }
  await reply(ctx, res, 202);
}

/** The status body MTN answers (and calls back with): no reference in it, as integrators observed. */
export function statusBody(payment: SimulatedMtnPayment, now: Date): Record<string, unknown> {
  const { status, reason } = statusAt(payment, now);
  return {
    ...(status === 'SUCCESSFUL' ? { financialTransactionId: payment.financialTransactionId } : {}),
    externalId: payment.externalId,
    amount: payment.amount,
    currency: payment.currency,
    [PARTY_OF[payment.product]]: { partyIdType: 'MSISDN', partyId: payment.partyId },
    ...(payment.payerMessage === null ? {} : { payerMessage: payment.payerMessage }),
    ...(payment.payeeNote === null ? {} : { payeeNote: payment.payeeNote }),
    status,
    ...(reason === null ? {} : { reason }),
  };
}

/** Sandbox rule: the callback URL's host must be the API user's providerCallbackHost (when it has one). */
async function callbackHostAllowed(ctx: SimulatorContext, apiUser: string, callbackUrl: string): Promise<boolean> {
  let host: string;
  try {
    const url = new URL(callbackUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    host = url.hostname;
  } catch {
    return false;
  }
  const user = await ctx.store.apiUsers.findOne({ _id: apiUser });
  return !user?.providerCallbackHost || user.providerCallbackHost === host;
}

/**
 * A product account's balance: the opening balance, plus the collections that succeeded (the collection account)
 * or minus the transfers that succeeded (the disbursement account), for this user and environment.
 */
async function balance(ctx: SimulatorContext, product: MtnProduct, locals: CallerLocals): Promise<number> {
  const now = ctx.clock();
  const payments = await ctx.store.payments
    .find({ product, apiUser: locals.apiUser, environment: locals.environment, outcome: 'SUCCESSFUL' })
    .toArray();
  let total = ctx.openingBalance;
  for (const payment of payments) {
    if (statusAt(payment, now).status !== 'SUCCESSFUL') continue;
    total += (product === 'collection' ? 1 : -1) * Number(payment.amount);
  }
  return Math.round(total * 100) / 100;
}
