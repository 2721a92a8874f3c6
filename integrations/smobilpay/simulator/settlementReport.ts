/**
 * The simulated Smobilpay's settlement report (`GET /_admin/settlement?from=&to=`, `X-Admin-Token`): every collect
 * accepted in the period, with the status verifytx shows now, as `npm run reconcile` reads it
 * (domain/reconciliation/settlementReport.ts). A bill paid is money going out of the payer's wallet to the biller:
 * `payout`. Smobilpay's own reconciliation export is not public: this is our stand-in, not its format.
 */
import type { Request, Response } from 'express';
import {
  parsePeriod,
  settlementReportJson,
  type Period,
  type SettlementLine,
  type SettlementStatus,
} from '../../../domain/reconciliation/settlementReport';
import { currentPayment, type SimulatedStatus, type SimulatorCollections } from './simulatorStore';

/** ERRORED, ERROREDREFUNDED and REVERSED all end with nothing paid to the biller. */
const STATUS: Record<SimulatedStatus, SettlementStatus> = {
  SUCCESS: 'succeeded',
  PENDING: 'pending',
  INPROCESS: 'pending',
  ERRORED: 'failed',
  ERROREDREFUNDED: 'failed',
  REVERSED: 'failed',
};

export async function smobilpaySettlementLines(
  collections: SimulatorCollections,
  period: Period,
  now: Date,
): Promise<SettlementLine[]> {
  const payments = await collections.payments.find({ createdAt: { $gte: period.from, $lt: period.to } }).toArray();
  return payments.map((stored) => {
    const payment = currentPayment(stored, now);
    return {
      providerReference: payment.ptn,
      ourReference: payment.trid ?? payment.tridKey,
      direction: 'payout',
      amount: payment.amount,
      status: STATUS[payment.status],
      at: payment.createdAt,
    };
  });
}

/** Answers the report; the caller has checked the admin token. */
export async function serveSmobilpaySettlement(
  collections: SimulatorCollections,
  now: Date,
  req: Request,
  res: Response,
): Promise<void> {
  const period = parsePeriod(req.query.from, req.query.to);
  if ('error' in period) return void res.status(400).json({ error: period.error });
  res.json(settlementReportJson(period, await smobilpaySettlementLines(collections, period, now)));
}
