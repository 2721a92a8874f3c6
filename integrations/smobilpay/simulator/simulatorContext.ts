/**
 * What the Smobilpay simulator's routes share: its settings, clock, collections and faults, S3P's error body,
 * and the items customers have (derived from the shared stories, minus what was paid).
 */
import type { Response } from 'express';
import type { PayItem } from '../../../domain/billPayments/billAggregator';
import { simulatedItems } from '../../bills/simulatedCustomers';
import { S3P_ERRORS } from '../s3pWire';
import { findSimulatedService, type SimulatedService } from './simulatedServices';
import type { SimulatorFaults } from './simulatorFaults';
import { currentPayment, type SimulatorCollections } from './simulatorStore';

export interface SimulatorSettings {
  /** How long a quote can be collected on. */
  quoteTtlMs: number;
  /** Ordinary payments are PENDING this long, then SUCCESS; 0 (the default): SUCCESS at once, as in-process. */
  completionMs: number;
  /** Payments of numbers ending in 8888 turn SUCCESS after this long; null: only when settled. */
  pendingMs: number | null;
  /** How long a hung call is held before it is answered 504 (the client should have given up before). */
  hangMs: number;
}

export interface SimulatorContext {
  settings: SimulatorSettings;
  clock: () => Date;
  collections: SimulatorCollections;
  faults: SimulatorFaults;
}

const LINK = 'http://support.maviance.com/';

/** Answers with S3P's error body. */
export function s3pError(res: Response, httpStatus: number, respCode: number, message: string): void {
  res.status(httpStatus).json({ devMsg: message, usrMsg: message, respCode, link: LINK });
}

export const refuse = {
  invalid: (res: Response, what: string) => s3pError(res, 400, S3P_ERRORS.INVALID_REQUEST, `Invalid request: ${what}`),
  serviceUnknown: (res: Response) => s3pError(res, 404, S3P_ERRORS.SERVICE_UNKNOWN, 'Service unknown'),
};

/** A pay item id the simulator made: `SIM-<serviceid>-<customer number>-<suffix>`. */
export function payItemIdOf(serviceid: string, customerNumber: string, suffix: string): string {
  return `SIM-${serviceid}-${customerNumber}-${suffix}`;
}

export interface FoundItem {
  service: SimulatedService;
  customerNumber: string;
  item: PayItem;
}

/** The items a customer has today at a service, bills with what is still owed on them (paid ones left out). */
export async function openItems(
  context: SimulatorContext,
  service: SimulatedService,
  customerNumber: string,
): Promise<FoundItem[]> {
  const now = context.clock();
  const all = simulatedItems(service.storyKey, service.lookup, customerNumber, now).map(
    ({ suffix, ...item }): FoundItem => ({
      service,
      customerNumber,
      item: { payItemId: payItemIdOf(service.serviceid, customerNumber, suffix), ...item },
    }),
  );
  const bills = all.filter((f) => f.item.kind === 'BILL').map((f) => f.item.payItemId);
  if (bills.length === 0) return all;
  const paid = new Map<string, number>();
  for (const stored of await context.collections.payments.find({ payItemId: { $in: bills } }).toArray()) {
    const payment = currentPayment(stored, now);
    if (payment.status === 'SUCCESS') paid.set(payment.payItemId, (paid.get(payment.payItemId) ?? 0) + payment.amount);
  }
  return all
    .map((f) =>
      f.item.kind === 'BILL'
        ? { ...f, item: { ...f.item, amount: f.item.amount! - (paid.get(f.item.payItemId) ?? 0) } }
        : f,
    )
    .filter((f) => f.item.kind !== 'BILL' || f.item.amount! > 0);
}

/** The open item with this id, or null. */
export async function findOpenItem(context: SimulatorContext, payItemId: string): Promise<FoundItem | null> {
  const match = /^SIM-(\d+)-(\d+)-([A-Z0-9_]+)$/.exec(payItemId);
  const service = match ? findSimulatedService(match[1]!) : null;
  if (!match || !service) return null;
  const items = await openItems(context, service, match[2]!);
  return items.find((f) => f.item.payItemId === payItemId) ?? null;
}

/** An amount as S3P writes them. */
export function money(amount: number): string {
  return amount.toFixed(2);
}
