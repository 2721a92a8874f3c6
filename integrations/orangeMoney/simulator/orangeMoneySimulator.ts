/**
 * A local stand-in for Orange Money Cameroon's MP API, for tests and for `npm start` without an Orange contract
 * (Orange has no public sandbox). An express Router to mount at `/simulators/orange-money`, answering Orange's
 * paths: `POST /token`, `POST /omcoreapis/1.0.2/{mp,cashin}/init`, `…/{mp,cashin}/pay`,
 * `GET …/{mp,cashin}/paymentstatus/{payToken}` and `GET …/mp/push/{payToken}`. It checks what Orange checks: the
 * Basic credentials for a token, the Bearer token and X-AUTH-TOKEN on every core call, the merchant's
 * channelUserMsisdn and PIN on every payment, and answers errors in Orange's shapes (see wireFormat.ts).
 *
 * Payments end as the payer's number says (outcomes.ts), after `completionDelayMs`; a merchant payment still
 * pending `expiryMs` after its prompt is EXPIRED (about seven minutes at Orange). State lives in the database
 * (`sim_orange_money_*`), statuses are computed when asked, so a new instance on the same database carries on.
 * Notifications go to the payment's notifUrl when it settles. Faults (faults.ts) are set by method or by
 * `POST /_admin/faults` with the `X-Admin-Token` header (the route exists only when an admin token is given), and
 * `GET /_admin/settlement?from=&to=` with the same header: the payments made in a period (settlementReport.ts).
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { faultRequestSchema, SimulatorFaults } from './faults';
import { SimulatorNotifications } from './notifications';
import { serveOrangeSettlement } from './settlementReport';
import { isOrangeSubscriber, scriptedEnd } from './outcomes';
import { settlementOf, SimulatorState, statusAt, type PaymentDoc, type PaymentKind } from './simulatorState';
import { coreError, gatewayFault, messageOf, newPayToken, newTxnid, transactionJson } from './wireFormat';

/** The merchant account the simulator knows. */
export interface OrangeMoneySimulatorCredentials {
  consumerKey: string;
  consumerSecret: string;
  apiUsername: string;
  apiPassword: string;
  /** Nine digits, without 237. */
  channelUserMsisdn: string;
  pin: string;
}

/** What `npm start` uses when no credentials are set: the client's defaults must be these. */
export const DEFAULT_SIMULATOR_CREDENTIALS: OrangeMoneySimulatorCredentials = {
  consumerKey: 'simulated-consumer-key',
  consumerSecret: 'simulated-consumer-secret',
  apiUsername: 'SIMULATEDMERCHANT',
  apiPassword: 'simulated-api-password',
  channelUserMsisdn: '691000000',
  pin: '2580',
};

export interface OrangeMoneySimulatorOptions {
  connection: Connection;
  credentials?: Partial<OrangeMoneySimulatorCredentials>;
  /** How long a payment takes to settle; "delayed" numbers take ten times this. Default 3000 ms. */
  completionDelayMs?: number;
  /** A merchant payment (or an unpaid payToken) still pending after this is EXPIRED. Default 7 minutes. */
  expiryMs?: number;
  /** `expires_in` of the access tokens. Default 3600 s. */
  tokenLifetimeSeconds?: number;
  /** How long a hanging call waits before answering. Default 30000 ms. */
  hangMs?: number;
  /** Each notification request's limit. Default 5000 ms. */
  notificationTimeoutMs?: number;
  /** Enables `POST /_admin/faults` for callers sending it in `X-Admin-Token`. */
  adminToken?: string;
  clock?: () => Date;
}

/** A simulator instance: its router, its fault controls, and what tests look at. */
export interface OrangeMoneySimulator {
  readonly router: Router;
  readonly faults: SimulatorFaults;
  /** Calls received, by operation (`token`, `mp/init`, `mp/pay`, …). */
  readonly calls: Readonly<Record<string, number>>;
  /** Notification requests made (a duplicate counts twice). */
  readonly notificationsSent: number;
  /** Every payment made (paid payTokens), oldest first. */
  payments(): Promise<PaymentDoc[]>;
  /** Forgets every access token, as a gateway restart does: the next core call with one answers 401. */
  revokeTokens(): Promise<void>;
  /** Cancels the notifications still waiting. */
  close(): void;
}

const CORE = '/omcoreapis/1.0.2';

const payBodySchema = z.object({
  notifUrl: z.string().optional(),
  channelUserMsisdn: z.string(),
  amount: z.union([z.string(), z.number()]),
  subscriberMsisdn: z.string(),
  pin: z.string(),
  orderId: z.string().min(1),
  description: z.string().optional(),
  payToken: z.string().min(1),
});

type Answer = { status: number; body: unknown };

export function createOrangeMoneySimulator(options: OrangeMoneySimulatorOptions): OrangeMoneySimulator {
  const credentials = { ...DEFAULT_SIMULATOR_CREDENTIALS, ...options.credentials };
  const completionDelayMs = options.completionDelayMs ?? 3000;
  const expiryMs = options.expiryMs ?? 7 * 60_000;
  const tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? 3600;
  const hangMs = options.hangMs ?? 30_000;
  const clock = options.clock ?? (() => new Date());
  const state = new SimulatorState(options.connection);
  const faults = new SimulatorFaults();
  const notifications = new SimulatorNotifications(faults, options.notificationTimeoutMs ?? 5000);
  const calls: Record<string, number> = {};
  const count = (operation: string) => {
    calls[operation] = (calls[operation] ?? 0) + 1;
  };
  const basic = `Basic ${Buffer.from(`${credentials.consumerKey}:${credentials.consumerSecret}`).toString('base64')}`;
  const xAuthToken = Buffer.from(`${credentials.apiUsername}:${credentials.apiPassword}`).toString('base64');

  const router = express.Router();

  router.post('/token', express.urlencoded({ extended: false, limit: '4kb' }), async (req, res) => {
    count('token');
    if (!sameText(req.get('Authorization'), basic)) {
      res.status(401).json({ error: 'invalid_client', error_description: 'Client Authentication failed.' });
      return;
    }
    if ((req.body as Record<string, unknown> | undefined)?.grant_type !== 'client_credentials') {
      res.status(400).json({ error: 'unsupported_grant_type', error_description: 'Unsupported grant_type value' });
      return;
    }
    const token = randomUUID();
    await state.issueToken(token, new Date(clock().getTime() + tokenLifetimeSeconds * 1000));
    res.json({
      access_token: token,
      scope: 'am_application_scope default',
      token_type: 'Bearer',
      expires_in: tokenLifetimeSeconds,
    });
  });

  /** Wraps a core call: authentication as the gateway and the API check it, then the faults, then the work. */
  const core =
    (operation: string, handle: (req: Request, now: Date) => Promise<Answer>) =>
    async (req: Request, res: Response) => {
      count(operation);
      const bearer = /^Bearer (.+)$/.exec(req.get('Authorization') ?? '')?.[1];
      if (!bearer || !(await state.tokenValid(bearer, clock()))) {
        res.status(401).json(gatewayFault());
        return;
      }
      if (!sameText(req.get('X-AUTH-TOKEN'), xAuthToken)) {
        res.status(403).json(coreError('INVALID_X_AUTH_TOKEN', 'X-AUTH-TOKEN invalide.'));
        return;
      }
      const fault = faults.takeCallFault(operation);
      if (fault === 'fail') {
        res.status(500).json(coreError('500', 'Internal Server Error'));
        return;
      }
      const answer = await handle(req, clock());
      // A hang does the work first: the worst case for the caller, who cannot tell whether it happened.
      if (fault === 'hang') await sleep(hangMs);
      if (!res.headersSent && !req.socket.destroyed) res.status(answer.status).json(answer.body);
    };

  const init = (kind: PaymentKind) => async (_req: Request, now: Date) => {
    const payToken = newPayToken(kind, now);
    await state.addInit({ _id: payToken, kind, initiatedAt: now, expiresAt: new Date(now.getTime() + expiryMs) });
    return { status: 200, body: { message: 'Payment request successfully initiated', data: { payToken } } };
  };

  const pay = (kind: PaymentKind) => async (req: Request, now: Date) => {
    const parsed = payBodySchema.safeParse(req.body);
    if (!parsed.success) {
      const field = parsed.error.issues[0]?.path.join('.') ?? 'body';
      return refuse(400, 'INVALID_REQUEST', `Champ invalide ou manquant: ${field}`);
    }
    const body = parsed.data;
    if (body.channelUserMsisdn !== credentials.channelUserMsisdn || !sameText(body.pin, credentials.pin)) {
      return refuse(417, 'INVALID_CHANNEL_USER', 'Numero marchand ou code PIN incorrect.');
    }
    const amount = String(body.amount);
    if (!/^[1-9]\d{0,9}$/.test(amount)) return refuse(400, 'INVALID_AMOUNT', 'Montant invalide.');
    if (!isOrangeSubscriber(body.subscriberMsisdn)) {
      return refuse(417, 'INVALID_SUBSCRIBER', "Le numero n'est pas un compte Orange Money.");
    }
    const initDoc = await state.init(body.payToken);
    if (!initDoc || initDoc.kind !== kind) return refuse(417, 'UNKNOWN_PAYTOKEN', 'payToken inconnu.');
    if (now >= initDoc.expiresAt) return refuse(417, 'PAYTOKEN_EXPIRED', 'payToken expire.');

    const { end, delays } = scriptedEnd(kind, body.subscriberMsisdn);
    const stuck = faults.takeStuck();
    const payment: PaymentDoc = {
      _id: body.payToken,
      kind,
      paidAt: now,
      subscriberMsisdn: body.subscriberMsisdn,
      channelUserMsisdn: body.channelUserMsisdn,
      amount: Number(amount),
      orderId: body.orderId,
      description: body.description ?? '',
      notifUrl: body.notifUrl ?? '',
      txnid: newTxnid(kind, now),
      end,
      completesAt: stuck || delays === null ? null : new Date(now.getTime() + delays * completionDelayMs),
      // Only a merchant payment waits for the payer's PIN, so only it expires.
      expiresAt: stuck || kind === 'cashin' ? null : new Date(now.getTime() + expiryMs),
    };
    if (!(await state.addPayment(payment))) return refuse(417, 'PAYTOKEN_ALREADY_USED', 'payToken deja utilise.');
    const settlement = settlementOf(payment);
    if (settlement && payment.notifUrl) {
      notifications.schedule(settlement.at.getTime() - now.getTime(), payment.notifUrl, async () => {
        const stored = await state.payment(payment._id);
        const status = stored ? statusAt(initDoc, stored, clock()) : 'PENDING';
        return status === 'PENDING' ? null : { payToken: payment._id, status, message: messageOf(status) };
      });
    }
    const message = kind === 'mp' ? 'Merchant payment successfully initiated' : 'Cashin successfully initiated';
    return { status: 200, body: { message, data: transactionJson(initDoc, payment, now) } };
  };

  const paymentStatus = (kind: PaymentKind) => async (req: Request, now: Date) => {
    const payToken = String(req.params.payToken);
    const initDoc = await state.init(payToken);
    if (!initDoc || initDoc.kind !== kind) return refuse(417, 'UNKNOWN_PAYTOKEN', 'payToken inconnu.');
    const payment = await state.payment(payToken);
    return {
      status: 200,
      body: { message: 'Transaction retrieved successfully', data: transactionJson(initDoc, payment, now) },
    };
  };

  const push = async (req: Request, now: Date) => {
    const payToken = String(req.params.payToken);
    const initDoc = await state.init(payToken);
    const payment = await state.payment(payToken);
    if (!initDoc || initDoc.kind !== 'mp' || !payment) return refuse(417, 'UNKNOWN_PAYTOKEN', 'payToken inconnu.');
    if (statusAt(initDoc, payment, now) !== 'PENDING') {
      return refuse(417, 'NOT_PENDING', "Le paiement n'est plus en attente.");
    }
    return { status: 200, body: { message: 'Push sent to customer', data: transactionJson(initDoc, payment, now) } };
  };

  const json = express.json({ limit: '64kb' });
  router.post(`${CORE}/mp/init`, core('mp/init', init('mp')));
  router.post(`${CORE}/mp/pay`, json, core('mp/pay', pay('mp')));
  router.get(`${CORE}/mp/paymentstatus/:payToken`, core('mp/paymentstatus', paymentStatus('mp')));
  router.get(`${CORE}/mp/push/:payToken`, core('mp/push', push));
  router.post(`${CORE}/cashin/init`, core('cashin/init', init('cashin')));
  router.post(`${CORE}/cashin/pay`, json, core('cashin/pay', pay('cashin')));
  router.get(`${CORE}/cashin/paymentstatus/:payToken`, core('cashin/paymentstatus', paymentStatus('cashin')));

  const adminToken = options.adminToken;
  if (adminToken) {
    router.post('/_admin/faults', json, (req, res) => {
      if (!sameText(req.get('X-Admin-Token'), adminToken)) {
        res.status(401).json(coreError('UNAUTHORIZED', 'X-Admin-Token missing or wrong'));
        return;
      }
      const parsed = faultRequestSchema.safeParse(req.body ?? {});
      if (!parsed.success) {
        res.status(400).json(coreError('INVALID_REQUEST', parsed.error.issues[0]?.message ?? 'invalid body'));
        return;
      }
      faults.apply(parsed.data);
      res.json({ ok: true });
    });
    router.get('/_admin/settlement', async (req, res) => {
      if (!sameText(req.get('X-Admin-Token'), adminToken)) {
        res.status(401).json(coreError('UNAUTHORIZED', 'X-Admin-Token missing or wrong'));
        return;
      }
      await serveOrangeSettlement(state, clock(), req, res);
    });
  }

  return {
    router,
    faults,
    get calls() {
      return { ...calls };
    },
    get notificationsSent() {
      return notifications.count;
    },
    payments: () => state.allPayments(),
    revokeTokens: () => state.revokeTokens(),
    close: () => notifications.close(),
  };
}

function refuse(status: number, code: string, message: string): Answer {
  return { status, body: coreError(code, message) };
}

/** Compares a secret without telling by its timing how much of it matched. */
function sameText(given: string | undefined, expected: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
