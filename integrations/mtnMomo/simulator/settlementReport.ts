/**
 * The simulated MTN's settlement report (`GET /_admin/settlement?from=&to=`, admin token): every request to pay and
 * transfer asked in the period, with the status MTN shows now, in the shape `npm run reconcile` reads
 * (domain/reconciliation/settlementReport.ts). MTN's partner portal exports transactions too, in a format we have
 * not seen: this is our stand-in for it, not MTN's wire format.
 */
import type { Request, Response } from 'express';
import {
  parsePeriod,
  settlementReportJson,
  type Period,
  type SettlementLine,
} from '../../../domain/reconciliation/settlementReport';
import { statusAt, type SimulatorStore } from './simulatorStore';

const STATUS = { SUCCESSFUL: 'succeeded', FAILED: 'failed', PENDING: 'pending' } as const;

export async function mtnSettlementLines(store: SimulatorStore, period: Period, now: Date): Promise<SettlementLine[]> {
  const payments = await store.payments.find({ createdAt: { $gte: period.from, $lt: period.to } }).toArray();
  return payments.map((payment) => ({
    providerReference: payment.financialTransactionId,
    ourReference: payment.externalId,
    direction: payment.product === 'collection' ? 'collect' : 'payout',
    amount: Number(payment.amount),
    status: STATUS[statusAt(payment, now).status],
    at: payment.createdAt,
  }));
}

/** Answers the report; the caller has checked the admin token. */
export async function serveMtnSettlement(store: SimulatorStore, now: Date, req: Request, res: Response): Promise<void> {
  const period = parsePeriod(req.query.from, req.query.to);
  if ('error' in period) return void res.status(400).json({ message: period.error });
  res.json(settlementReportJson(period, await mtnSettlementLines(store, period, now)));
}
