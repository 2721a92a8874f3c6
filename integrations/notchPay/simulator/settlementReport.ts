/**
 * The simulated Notch Pay's settlement report (`GET /_admin/settlement?from=&to=`, `X-Admin-Token`): every payment
 * created in the period, as `npm run reconcile` reads it (domain/reconciliation/settlementReport.ts). Notch Pay's
 * dashboard exports transactions in a format we have not seen: this is our stand-in, not Notch Pay's format.
 */
import type { Request, Response } from 'express';
import {
  parsePeriod,
  settlementReportJson,
  type Period,
  type SettlementLine,
  type SettlementStatus,
} from '../../../domain/reconciliation/settlementReport';
import { OPEN_STATUSES, type SimulatedNotchPayment, type SimulatedPayments } from './simulatedPayments';

/** `complete` is the only success; an open payment past its expiry is expired (the sweep may not have run yet). */
function statusNow(payment: SimulatedNotchPayment, now: Date): SettlementStatus {
  if (payment.status === 'complete') return 'succeeded';
  const open = (OPEN_STATUSES as readonly string[]).includes(payment.status);
  return open && payment.expiresAt > now ? 'pending' : 'failed';
}

export async function notchSettlementLines(
  payments: SimulatedPayments,
  period: Period,
  now: Date,
): Promise<SettlementLine[]> {
  const rows = await payments.createdBetween(period.from, period.to);
  return rows.map((payment) => ({
    providerReference: payment._id,
    ourReference: payment.merchantReference,
    direction: 'collect',
    amount: payment.amount,
    status: statusNow(payment, now),
    at: payment.createdAt,
  }));
}

/** Answers the report; the caller has checked the admin token. */
export async function serveNotchSettlement(
  payments: SimulatedPayments,
  now: Date,
  req: Request,
  res: Response,
): Promise<void> {
  const period = parsePeriod(req.query.from, req.query.to);
  if ('error' in period) return void res.status(400).json(errorBody(period.error));
  res.json(settlementReportJson(period, await notchSettlementLines(payments, period, now)));
}

function errorBody(message: string) {
  return { code: 400, status: 'Bad Request', message };
}
