/**
 * What the product's payment rail simulators recorded, read from their own collections (the simulators keep their
 * state in the database, as a provider keeps its records): the payment prompts MTN MoMo was asked to send, and the
 * payments Orange Money made.
 */
import type { Connection } from 'mongoose';
import { SimulatorStore, type SimulatedMtnPayment } from '../../integrations/mtnMomo/simulator/simulatorStore';
import { SIMULATOR_COLLECTIONS, type PaymentDoc } from '../../integrations/orangeMoney/simulator/simulatorState';

/** The requests to pay (collection) the MTN MoMo simulator received, oldest first; only those to `msisdn` if given. */
export async function mtnMomoPrompts(connection: Connection, msisdn?: string): Promise<SimulatedMtnPayment[]> {
  const store = new SimulatorStore(connection);
  return store.payments
    .find({ product: 'collection', ...(msisdn === undefined ? {} : { partyId: msisdn }) })
    .sort({ createdAt: 1 })
    .toArray();
}

/** The transfers (disbursement) the MTN MoMo simulator received, oldest first. */
export async function mtnMomoTransfers(connection: Connection, msisdn?: string): Promise<SimulatedMtnPayment[]> {
  const store = new SimulatorStore(connection);
  return store.payments
    .find({ product: 'disbursement', ...(msisdn === undefined ? {} : { partyId: msisdn }) })
    .sort({ createdAt: 1 })
    .toArray();
}

/**
 * The payments the Orange Money simulator made (merchant payments and cash-ins), oldest first; only those of
 * `msisdn` if given (with or without 237: Orange keeps the nine digits).
 */
export async function orangeMoneyPayments(connection: Connection, msisdn?: string): Promise<PaymentDoc[]> {
  const subscriber = msisdn?.replace(/^237/, '');
  return connection
    .collection<PaymentDoc>(SIMULATOR_COLLECTIONS.payments)
    .find(subscriber === undefined ? {} : { subscriberMsisdn: subscriber })
    .sort({ paidAt: 1 })
    .toArray();
}
