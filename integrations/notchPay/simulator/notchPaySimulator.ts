/**
 * A local stand-in for Notch Pay, for tests and for `npm start` without an account: an express Router (mounted
 * at NOTCH_PAY_SIMULATOR_PATH) that answers Notch Pay's payments API with its paths, `Authorization` header,
 * bodies, statuses and error shapes (see ../client.ts for the facts), serves the hosted checkout page where a
 * person pays by card (checkoutPages.ts), and posts the signed webhook when a payment ends (webhookSender.ts).
 *
 * Payments live in the database (collection `sim_notch_pay_payments`), so a page survives a restart. Unpaid
 * checkouts expire after `checkoutTtlMs` (Notch Pay: 3 hours), by a timer and on any read after that time.
 * Faults (faults.ts) are set by method or by `POST /_admin/faults` with the admin token in `X-Admin-Token`;
 * `GET /_admin/settlement?from=&to=` (same header) lists the payments of a period (settlementReport.ts).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { timerScheduler, type Scheduler } from '../../rails/scheduler';
import { checkoutRouter } from './checkoutPages';
import { faultRequestSchema, NotchPayFaults } from './faults';
import { serveNotchSettlement } from './settlementReport';
import { errorJson, transactionJson } from './notchPayJson';
import { notchId, OPEN_STATUSES, SimulatedPayments, type SimulatedNotchPayment } from './simulatedPayments';
import { WebhookSender, type WebhookDelivery, type WebhookTarget } from './webhookSender';

/** Where the wiring mounts the simulator's router. */
export const NOTCH_PAY_SIMULATOR_PATH = '/simulators/notch-pay';

export interface NotchPaySimulatorOptions {
  connection: Connection;
  /** The public key callers must send as `Authorization`. */
  publicKey: string;
  /** When set, an `X-Grant` header, if sent, must equal it (403 otherwise); payments never require it. */
  privateKey?: string;
  /** Where webhooks go; settable later with `setWebhook`. None: webhooks are not sent. */
  webhook?: WebhookTarget;
  /** Enables `POST /_admin/faults` for holders of this token. */
  adminToken?: string;
  /** The router's public base URL, for `authorization_url`; default: from the request's protocol and host. */
  publicUrl?: string;
  /** How long an unpaid checkout stays open. Default 3 hours, as Notch Pay. */
  checkoutTtlMs?: number;
  /** How long after a payment ends its webhook leaves. Default 200 ms. */
  webhookDelayMs?: number;
  /** How long a hung API call is held before its connection is dropped. Default 60 s. */
  hangMs?: number;
  schedule?: Scheduler;
  clock?: () => Date;
}

/** A simulator's router and its controls. */
export interface NotchPaySimulator {
  readonly router: Router;
  readonly faults: NotchPayFaults;
  /** Every webhook attempt, in order. */
  readonly deliveries: readonly WebhookDelivery[];
  setWebhook(target: WebhookTarget | undefined): void;
  /** Creates the collection's indexes (unique merchant reference, checkout id) before traffic. */
  ensureIndexes(): Promise<void>;
  /** A payment by Notch Pay's reference or the merchant's. */
  payment(reference: string): Promise<SimulatedNotchPayment | null>;
  /** Expires every open payment past its time (after a restart, timers are gone); answers how many. */
  expireOverdue(): Promise<number>;
  /** Releases hung calls. */
  close(): void;
}

const MERCHANT_REFERENCE = /^[A-Za-z0-9_.-]{1,64}$/;

const customerSchema = z
  .object({ name: z.string().max(256).nullish(), email: z.string().email().nullish(), phone: z.string().nullish() })
  .passthrough();

const initializeSchema = z
  .object({
    amount: z.union([
      z.number(),
      z
        .string()
        .regex(/^\d+(\.\d+)?$/)
        .transform(Number),
    ]),
    currency: z.string().length(3),
    customer: z.union([z.string().min(1), customerSchema]).optional(),
    // The older API took the customer's fields at the top level.
    email: z.string().email().optional(),
    phone: z.string().optional(),
    name: z.string().optional(),
    description: z.string().max(256).optional(),
    reference: z.string().optional(),
    callback: z.string().url().optional(),
  })
  .passthrough();

/** Builds the simulator. Call `ensureIndexes` before serving. */
export function createNotchPaySimulator(options: NotchPaySimulatorOptions): NotchPaySimulator {
  const clock = options.clock ?? (() => new Date());
  const schedule = options.schedule ?? timerScheduler;
  const ttl = options.checkoutTtlMs ?? 3 * 60 * 60 * 1000;
  const payments = new SimulatedPayments(options.connection);
  const faults = new NotchPayFaults();
  let webhook = options.webhook;
  const sender = new WebhookSender({
    target: () => webhook,
    faults,
    schedule,
    clock,
    ...(options.webhookDelayMs === undefined ? {} : { delayMs: options.webhookDelayMs }),
  });
  const hung = new Set<Response>();

  const ended = (payment: SimulatedNotchPayment) => sender.paymentEnded(payment);
  const expire = async (payment: SimulatedNotchPayment): Promise<SimulatedNotchPayment> => {
    const expired = await payments.transition(payment._id, OPEN_STATUSES, 'expired', clock());
    if (expired) ended(expired);
    return expired ?? (await payments.byReference(payment._id)) ?? payment;
  };
  const current = async (payment: SimulatedNotchPayment) =>
    (OPEN_STATUSES as readonly string[]).includes(payment.status) && payment.expiresAt <= clock()
      ? expire(payment)
      : payment;

  const router = Router();
  router.use(checkoutRouter({ payments, clock, current, ended }));

  const api = Router();
  api.use(express.json({ limit: '64kb' }));
  api.use((req, res, next) => {
    const fault = faults.nextApiCall();
    if (fault === 'fail') return void res.status(500).json(errorJson(500, 'Server Error'));
    if (fault === 'hang') {
      hung.add(res);
      const release = () => {
        hung.delete(res);
        res.destroy();
      };
      const timer = setTimeout(release, options.hangMs ?? 60_000);
      timer.unref();
      res.on('close', () => {
        clearTimeout(timer);
        hung.delete(res);
      });
      return;
    }
    if (!matches(req.get('Authorization'), options.publicKey)) {
      return void res.status(401).json(errorJson(401, 'Invalid API Key'));
    }
    const grant = req.get('X-Grant');
    if (grant !== undefined && options.privateKey !== undefined && !matches(grant, options.privateKey)) {
      return void res.status(403).json(errorJson(403, 'Invalid Grant Key'));
    }
    next();
  });

  const initialize = async (req: Request, res: Response) => {
    const parsed = initializeSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      const errors: Record<string, string[]> = {};
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? 'body');
        (errors[field] ??= []).push(issue.message);
      }
      return void res.status(422).json(errorJson(422, 'The given data was invalid.', errors));
    }
    const body = parsed.data;
    const customer = typeof body.customer === 'object' ? body.customer : {};
    const email = customer.email ?? body.email ?? null;
    const phone = customer.phone ?? body.phone ?? null;
    const problems: Record<string, string[]> = {};
    if (body.currency.toUpperCase() !== 'XAF') problems.currency = ['The simulator takes XAF only.'];
    if (!(body.amount > 0) || (body.currency.toUpperCase() === 'XAF' && !Number.isInteger(body.amount))) {
      problems.amount = ['The amount must be a positive whole number of francs.'];
    }
    if (typeof body.customer !== 'string' && !email && !phone) {
      problems.customer = ['An email or a phone number is required.'];
    }
    if (phone && !/^\+?\d{8,15}$/.test(phone.replace(/\s/g, ''))) problems.phone = ['Invalid phone number.'];
    if (body.reference !== undefined && !MERCHANT_REFERENCE.test(body.reference)) {
      problems.reference = ['The reference may hold 1-64 letters, digits, ".", "_" or "-".'];
    }
    if (Object.keys(problems).length > 0) {
      return void res.status(422).json(errorJson(422, 'The given data was invalid.', problems));
    }
    const now = clock();
    const id = notchId('trx');
    const payment: SimulatedNotchPayment = {
      _id: id,
      merchantReference: body.reference ?? id,
      checkoutId: randomBytes(24).toString('hex'),
      amount: body.amount,
      currency: body.currency.toUpperCase(),
      description: body.description ?? null,
      callback: body.callback ?? null,
      customer: {
        id: typeof body.customer === 'string' ? body.customer : notchId('cus'),
        name: customer.name ?? body.name ?? null,
        email,
        phone,
      },
      status: 'pending',
      createdAt: now,
      updatedAt: now,
      expiresAt: new Date(now.getTime() + ttl),
    };
    if (!(await payments.insert(payment))) {
      return void res.status(409).json(errorJson(409, 'Reference already existing'));
    }
    schedule(async () => {
      const stored = await payments.byReference(id);
      if (stored) await current(stored);
    }, ttl);
    const base = options.publicUrl?.replace(/\/+$/, '') ?? `${req.protocol}://${req.get('host')}${req.baseUrl}`;
    res.status(201).json({
      status: 'Accepted',
      message: 'Payment initialized',
      code: 201,
      transaction: transactionJson(payment),
      authorization_url: `${base}/checkout/${payment.checkoutId}`,
    });
  };
  api.post('/payments', initialize);
  api.post('/payments/initialize', initialize);

  api.get('/payments/:reference', async (req, res) => {
    const found = await payments.byReference(String(req.params.reference));
    if (!found) return void res.status(404).json(errorJson(404, 'Payment not found'));
    const payment = await current(found);
    res
      .status(200)
      .json({ code: 200, status: 'OK', message: 'Transaction retrieved', transaction: transactionJson(payment) });
  });

  api.delete('/payments/:reference', async (req, res) => {
    const found = await payments.byReference(String(req.params.reference));
    if (!found) return void res.status(404).json(errorJson(404, 'Payment not found'));
    if (faults.nextCancelFails()) return void res.status(500).json(errorJson(500, 'Server Error'));
    // A payment that already ended cannot be canceled; Notch Pay does not document that answer (422 here).
    const canceled = await payments.transition((await current(found))._id, OPEN_STATUSES, 'canceled', clock());
    if (!canceled) return void res.status(422).json(errorJson(422, 'The payment can no longer be canceled.'));
    ended(canceled);
    // As Notch Pay's API reference shows it.
    res.status(202).json({ code: 202, status: 'Accepted', message: 'Your payment has been canceled' });
  });

  router.post('/_admin/faults', express.json({ limit: '4kb' }), (req, res) => {
    if (!options.adminToken || !matches(req.get('X-Admin-Token'), options.adminToken)) {
      return void res.status(404).json(errorJson(404, 'Not Found'));
    }
    const parsed = faultRequestSchema.safeParse(req.body ?? {});
    if (!parsed.success) return void res.status(422).json(errorJson(422, 'Invalid fault request'));
    res.json({ faults: faults.apply(parsed.data) });
  });

  router.get('/_admin/settlement', async (req, res) => {
    if (!options.adminToken || !matches(req.get('X-Admin-Token'), options.adminToken)) {
      return void res.status(404).json(errorJson(404, 'Not Found'));
    }
    await serveNotchSettlement(payments, clock(), req, res);
  });

  router.use(api);
  // A malformed JSON body, as Notch Pay answers it; never the body itself.
  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const status = (error as { status?: unknown }).status;
    if (status === 400 || status === 413)
      return void res.status(status).json(errorJson(status, 'Malformed request body'));
    res.status(500).json(errorJson(500, 'Server Error'));
  });

  return {
    router,
    faults,
    deliveries: sender.deliveries,
    setWebhook(target) {
      webhook = target;
    },
    ensureIndexes: () => payments.ensureIndexes(),
    payment: (reference) => payments.byReference(reference),
    async expireOverdue() {
      const overdue = await payments.overdue(clock());
      for (const payment of overdue) await expire(payment);
      return overdue.length;
    },
    close() {
      for (const res of hung) res.destroy();
      hung.clear();
    },
  };
}

/** Compares a header with a secret in constant time. */
function matches(given: string | undefined, expected: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
