/**
 * What the simulated MTN remembers, in the database (collections `sim_mtn_momo_*`), so a restarted simulator
 * still knows its API users, tokens and payments. A payment's status is not updated when it ends: it is stored
 * with its outcome and when it completes, and read lazily against the clock. A repeated X-Reference-Id is decided
 * by the insert into the unique `_id`, as every race in this product is.
 */
import type { Connection, mongo } from 'mongoose';
import { isDuplicateKeyError } from '../../mongo/insertBatcher';
import type { MtnProduct } from '../client';

/** An API user: the sandbox provisioning API's, or the default one from the options. */
export interface SimulatedApiUser {
  _id: string;
  providerCallbackHost: string | null;
  targetEnvironment: string;
  /** SHA-256 of the current API key (null until one is made); the key itself is never stored. */
  apiKeyHash: string | null;
  createdAt: Date;
}

/** An access token handed out by a token endpoint. */
export interface SimulatedToken {
  _id: string;
  apiUser: string;
  product: MtnProduct;
  expiresAt: Date;
}

/** A request to pay (collection) or a transfer (disbursement). */
export interface SimulatedMtnPayment {
  /** `<product>:<X-Reference-Id>`: one payment per reference and product. */
  _id: string;
  product: MtnProduct;
  referenceId: string;
  apiUser: string;
  environment: string;
  amount: string;
  currency: string;
  externalId: string;
  partyId: string;
  payerMessage: string | null;
  payeeNote: string | null;
  callbackUrl: string | null;
  /** How it ends: SUCCESSFUL or FAILED at `completesAt`; PENDING with a null `completesAt` stays pending. */
  outcome: 'SUCCESSFUL' | 'FAILED' | 'PENDING';
  reason: string | null;
  completesAt: Date | null;
  financialTransactionId: string;
  createdAt: Date;
}

type Doc<T> = T & mongo.Document;

/** The simulator's collections on one connection. */
export class SimulatorStore {
  readonly apiUsers: mongo.Collection<Doc<SimulatedApiUser>>;
  readonly tokens: mongo.Collection<Doc<SimulatedToken>>;
  readonly payments: mongo.Collection<Doc<SimulatedMtnPayment>>;

  constructor(connection: Connection) {
    this.apiUsers = connection.collection<Doc<SimulatedApiUser>>('sim_mtn_momo_api_users');
    this.tokens = connection.collection<Doc<SimulatedToken>>('sim_mtn_momo_tokens');
    this.payments = connection.collection<Doc<SimulatedMtnPayment>>('sim_mtn_momo_payments');
  }

  /** Inserts unless the `_id` exists: 'duplicate' is MTN's 409 RESOURCE_ALREADY_EXIST. */
  async insertPayment(payment: SimulatedMtnPayment): Promise<'inserted' | 'duplicate'> {
    return insertOnce(this.payments, payment);
  }

  async insertApiUser(user: SimulatedApiUser): Promise<'inserted' | 'duplicate'> {
    return insertOnce(this.apiUsers, user);
  }

  payment(product: MtnProduct, referenceId: string): Promise<SimulatedMtnPayment | null> {
    return this.payments.findOne({ _id: paymentId(product, referenceId) });
  }
}

export function paymentId(product: MtnProduct, referenceId: string): string {
  return `${product}:${referenceId.toLowerCase()}`;
}

/** The status MTN would show now: the outcome once `completesAt` has passed, PENDING before. */
export function statusAt(
  payment: SimulatedMtnPayment,
  now: Date,
): { status: 'PENDING' | 'SUCCESSFUL' | 'FAILED'; reason: string | null } {
  if (payment.outcome === 'PENDING' || payment.completesAt === null || payment.completesAt > now) {
    return { status: 'PENDING', reason: null };
  }
  return { status: payment.outcome, reason: payment.outcome === 'FAILED' ? payment.reason : null };
}

async function insertOnce<T extends { _id: string }>(
  collection: mongo.Collection<Doc<T>>,
  doc: T,
): Promise<'inserted' | 'duplicate'> {
  try {
    await collection.insertOne(doc as mongo.OptionalUnlessRequiredId<Doc<T>>);
    return 'inserted';
  } catch (error) {
    if (isDuplicateKeyError(error)) return 'duplicate';
    throw error;
  }
}
