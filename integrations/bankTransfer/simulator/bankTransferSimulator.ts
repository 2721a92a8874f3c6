/**
 * A local stand-in for a Cameroonian bank's (or aggregator's) transfer API, for tests and `npm start` without a
 * bank contract; the product mounts it at `/simulators/bank`:
 *
 * - `POST /transfers` (Bearer API key) `{reference, amount, currency: "XAF", bank_code, account_number (23-digit
 *   RIB), account_name, narration?}` → 201 and the transfer; the same reference again answers the same transfer
 *   (200), or 409 `DUPLICATE_REFERENCE` with other fields; 422 `INVALID_ACCOUNT_NUMBER` for a RIB whose key is
 *   wrong or whose bank code differs (nothing is recorded).
 * - `GET /transfers/{reference}` → the transfer, status PENDING → PROCESSING → COMPLETED | FAILED (`failure_reason`
 *   INVALID_ACCOUNT, ACCOUNT_CLOSED, NAME_MISMATCH, BANK_UNAVAILABLE, by test account: testAccounts.ts); 404
 *   `TRANSFER_NOT_FOUND`. It settles `settlementDelayMs` after it was accepted (the next "business cycle").
 * - `POST /_admin/faults` (admin token): the next calls answer 500 (`failNext`), or are carried out and answered
 *   after the hang time (`hangNext`); `stuckNext` transfers never settle. `GET /_admin/settlement?from=&to=`.
 *
 * It never calls back: banks are polled (the rail payments' reconciler asks the status).
 */
import { randomBytes } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { parseRib } from '../../../domain/merchants/payouts/rib';
import { parsePeriod, settlementReportJson } from '../../../domain/reconciliation/settlementReport';
import { sameSecret } from '../../mtnMomo/simulator/wire';
import { bankStatusAt, BankTransferStore, type SimulatedBankTransfer } from './bankTransferStore';
import { simulatedBankOutcome } from './testAccounts';

export interface BankTransferSimulatorOptions {
  connection: Connection;
  /** The API key our client sends as a Bearer token. */
  apiKey: string;
  /** How long after acceptance a transfer settles. Default 3000 ms. */
  settlementDelayMs?: number;
  /** How long a call planned to hang is held before its answer. Default 30 s. */
  hangMs?: number;
  adminToken?: string;
  clock?: () => Date;
}

export interface BankTransferSimulator {
  readonly router: Router;
  /** The next `count` calls answer 500 and do nothing. */
  failNext(count: number): void;
  /** The next `count` calls are carried out, but answered only after the hang time. */
  hangNext(count: number): void;
  /** The next `count` transfers accepted never settle. */
  stuckNext(count: number): void;
  /** Stops the hung answers' timers. */
  close(): void;
}

const transferBody = z.object({
  reference: z.string().regex(/^[A-Za-z0-9:_\-.]{1,200}$/),
  amount: z.number().int().positive().max(1_000_000_000),
  currency: z.literal('XAF'),
  bank_code: z.string().regex(/^\d{5}$/),
  account_number: z.string().regex(/^\d{23}$/),
  account_name: z.string().min(1).max(70),
  narration: z.string().max(140).optional(),
});

const faultBody = z
  .object({
    failNext: z.number().int().min(0).max(1000).optional(),
    hangNext: z.number().int().min(0).max(1000).optional(),
    stuckNext: z.number().int().min(0).max(1000).optional(),
    reset: z.boolean().optional(),
  })
  .strict();

/** Builds the simulator's router and controls; mount the router where the client's base URL points. */
export function createBankTransferSimulator(options: BankTransferSimulatorOptions): BankTransferSimulator {
  const store = new BankTransferStore(options.connection);
  const clock = options.clock ?? (() => new Date());
  const delayMs = options.settlementDelayMs ?? 3000;
  const hangMs = options.hangMs ?? 30_000;
  const faults = { fail: 0, hang: 0, stuck: 0 };
  const timers = new Set<NodeJS.Timeout>();
  const take = (kind: keyof typeof faults) => (faults[kind] > 0 ? ((faults[kind] -= 1), true) : false);

  /** Answers now, or after the hang time when one is planned (the work is done either way). */
  const answer = (res: Response, hang: boolean, status: number, body: unknown) => {
    if (!hang) return void res.status(status).json(body);
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!res.writableEnded) res.status(status).json(body);
    }, hangMs);
    timers.add(timer);
  };

  const router = express.Router();
  router.use(express.json({ limit: '32kb' }));

  const apiKey = (req: Request, res: Response, next: NextFunction) => {
    if (req.path.startsWith('/_admin/')) return next();
    const bearer = /^Bearer (\S+)$/.exec(req.get('Authorization') ?? '')?.[1];
    if (!sameSecret(bearer, options.apiKey)) return void res.status(401).json(error('UNAUTHORIZED', 'bad API key'));
    if (take('fail')) return void res.status(500).json(error('INTERNAL_ERROR', 'try again later'));
    next();
  };
  router.use(apiKey);

  router.post('/transfers', async (req, res, next) => {
    try {
      const hang = take('hang');
      const body = transferBody.safeParse(req.body);
      if (!body.success) return answer(res, hang, 400, error('INVALID_REQUEST', body.error.issues[0]!.message));
      const rib = parseRib(body.data.account_number);
      if (!rib || rib.bankCode !== body.data.bank_code) {
        return answer(res, hang, 422, error('INVALID_ACCOUNT_NUMBER', 'the RIB key or bank code is wrong'));
      }
      const now = clock();
      const outcome = take('stuck') ? { kind: 'stuck' as const } : simulatedBankOutcome(body.data.account_number);
      const transfer: SimulatedBankTransfer = {
        _id: body.data.reference,
        transferId: `BT${randomBytes(8).toString('hex').toUpperCase()}`,
        amount: body.data.amount,
        currency: body.data.currency,
        bankCode: body.data.bank_code,
        accountNumber: body.data.account_number,
        accountName: body.data.account_name,
        narration: body.data.narration ?? null,
        outcome: outcome.kind === 'fails' ? 'FAILED' : 'COMPLETED',
        reason: outcome.kind === 'fails' ? outcome.reason : null,
        settlesAt: outcome.kind === 'stuck' ? null : new Date(now.getTime() + delayMs),
        createdAt: now,
      };
      const stored = await store.insertOrGet(transfer);
      if (!stored.inserted && !sameTransfer(stored.transfer, transfer)) {
        return answer(res, hang, 409, error('DUPLICATE_REFERENCE', 'this reference names another transfer'));
      }
      answer(res, hang, stored.inserted ? 201 : 200, wireOf(stored.transfer, clock()));
    } catch (failure) {
      next(failure);
    }
  });

  router.get('/transfers/:reference', async (req, res, next) => {
    try {
      const hang = take('hang');
      const transfer = await store.get(req.params.reference!);
      if (!transfer) return answer(res, hang, 404, error('TRANSFER_NOT_FOUND', 'no transfer with this reference'));
      answer(res, hang, 200, wireOf(transfer, clock()));
    } catch (failure) {
      next(failure);
    }
  });

  const admin = (req: Request, res: Response): boolean => {
    if (!options.adminToken) return (void res.status(404).end(), false);
    const given = req.get('X-Admin-Token') ?? /^Bearer (\S+)$/.exec(req.get('Authorization') ?? '')?.[1];
    if (!sameSecret(given, options.adminToken)) return (void res.status(401).json(error('UNAUTHORIZED', '')), false);
    return true;
  };
  router.post('/_admin/faults', (req, res) => {
    if (!admin(req, res)) return;
    const order = faultBody.safeParse(req.body);
    if (!order.success) return void res.status(400).json(error('INVALID_REQUEST', 'bad fault order'));
    if (order.data.reset) Object.assign(faults, { fail: 0, hang: 0, stuck: 0 });
    faults.fail += order.data.failNext ?? 0;
    faults.hang += order.data.hangNext ?? 0;
    faults.stuck += order.data.stuckNext ?? 0;
    res.status(204).end();
  });
  router.get('/_admin/settlement', async (req, res, next) => {
    try {
      if (!admin(req, res)) return;
      const period = parsePeriod(req.query.from, req.query.to);
      if ('error' in period) return void res.status(400).json({ message: period.error });
      const now = clock();
      const lines = (await store.between(period.from, period.to)).map((t) => {
        const { status } = bankStatusAt(t, now);
        return {
          providerReference: t.transferId,
          ourReference: t._id,
          direction: 'payout' as const,
          amount: t.amount,
          status:
            status === 'COMPLETED'
              ? ('succeeded' as const)
              : status === 'FAILED'
                ? ('failed' as const)
                : ('pending' as const),
          at: t.createdAt,
        };
      });
      res.json(settlementReportJson(period, lines));
    } catch (failure) {
      next(failure);
    }
  });

  return {
    router,
    failNext: (count) => void (faults.fail += count),
    hangNext: (count) => void (faults.hang += count),
    stuckNext: (count) => void (faults.stuck += count),
    close: () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

function error(code: string, message: string) {
  return { error: { code, message } };
}

function sameTransfer(a: SimulatedBankTransfer, b: SimulatedBankTransfer): boolean {
  return (
    a.amount === b.amount &&
    a.currency === b.currency &&
    a.bankCode === b.bankCode &&
    a.accountNumber === b.accountNumber &&
    a.accountName === b.accountName
  );
}

/** A transfer as the bank's API shows it. */
function wireOf(transfer: SimulatedBankTransfer, now: Date) {
  const { status, reason } = bankStatusAt(transfer, now);
  const settled = status === 'COMPLETED' || status === 'FAILED';
  return {
    reference: transfer._id,
    transfer_id: transfer.transferId,
    amount: transfer.amount,
    currency: transfer.currency,
    bank_code: transfer.bankCode,
    account_number: transfer.accountNumber,
    account_name: transfer.accountName,
    narration: transfer.narration,
    status,
    failure_reason: reason,
    created_at: transfer.createdAt.toISOString(),
    completed_at: settled ? transfer.settlesAt!.toISOString() : null,
  };
}
