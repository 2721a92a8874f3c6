/**
 * The simulated Orange Money's settlement report (`GET /_admin/settlement?from=&to=`, `X-Admin-Token`): every
 * payment made with a payToken in the period (`mp` collections and `cashin` payouts), with the status Orange shows
 * now, in the shape `npm run reconcile` reads (domain/reconciliation/settlementReport.ts). A payToken never paid
 * moved nothing and is not listed. Orange's own export format is not public: this is our stand-in.
 */
import type { Request, Response } from 'express';
import {
  parsePeriod,
  settlementReportJson,
  type Period,
  type SettlementLine,
  type SettlementStatus,
} from '../../../domain/reconciliation/settlementReport';
import { settlementOf, type PaymentDoc, type SimulatorState } from './simulatorState';

/** SUCCESSFULL (Orange's spelling) is the only success; FAILED, EXPIRED and CANCELLED moved nothing. */
function statusNow(payment: PaymentDoc, now: Date): SettlementStatus {
  const settled = settlementOf(payment);
  if (!settled || now < settled.at) return 'pending';
  return settled.status === 'SUCCESSFULL' ? 'succeeded' : settled.status === 'PENDING' ? 'pending' : 'failed';
}

export async function orangeSettlementLines(
  state: SimulatorState,
  period: Period,
  now: Date,
): Promise<SettlementLine[]> {
  const payments = await state.paymentsPaidBetween(period.from, period.to);
  return payments.map((payment) => ({
    providerReference: payment.txnid,
    ourReference: payment.orderId,
    direction: payment.kind === 'mp' ? 'collect' : 'payout',
    amount: payment.amount,
    status: statusNow(payment, now),
    at: payment.paidAt,
  }));
}

/** Answers the report; the caller has checked the admin token. */
export async function serveOrangeSettlement(
  state: SimulatorState,
  now: Date,
  req: Request,
  res: Response,
): Promise<void> {
  const period = parsePeriod(req.query.from, req.query.to);
  if ('error' in period) return void res.status(400).json({ message: period.error });
  res.json(settlementReportJson(period, await orangeSettlementLines(state, period, now)));
}
