/**
 * What the simulated Orange Money remembers, in the database so it survives a restart: access tokens, payTokens
 * handed out by `init`, and payments made with them. A payment stores its scripted outcome and when it completes
 * and expires; its status is computed from those and the clock whenever it is asked, so nothing needs a timer
 * to be right (the timers only send notifications). Every race (two `pay` calls with one payToken) is decided by
 * an insert into `_id`.
 */
import type { Connection, mongo } from 'mongoose';
import { isDuplicateKeyError } from '../../mongo/insertBatcher';

export type PaymentKind = 'mp' | 'cashin';

/** Orange's statuses. */
export type OrangeStatus = 'INITIATED' | 'PENDING' | 'SUCCESSFULL' | 'FAILED' | 'EXPIRED' | 'CANCELLED';

/** How a payment ends: its final status (and Orange's code for a failure), or PENDING for one that never ends. */
export interface ScriptedEnd {
  status: Exclude<OrangeStatus, 'INITIATED'>;
  failureCode?: string;
}

interface TokenDoc {
  _id: string;
  expiresAt: Date;
}

/** A payToken `init` handed out. */
export interface InitDoc {
  _id: string;
  kind: PaymentKind;
  initiatedAt: Date;
  /** An unpaid payToken is EXPIRED from then on. */
  expiresAt: Date;
}

/** A payment made with a payToken (`pay`). */
export interface PaymentDoc {
  _id: string;
  kind: PaymentKind;
  paidAt: Date;
  subscriberMsisdn: string;
  channelUserMsisdn: string;
  amount: number;
  orderId: string;
  description: string;
  notifUrl: string;
  txnid: string;
  end: ScriptedEnd;
  /** When `end` takes effect; null: never (it stays pending until it expires, if ever). */
  completesAt: Date | null;
  /** When a payment still pending becomes EXPIRED; null: never. */
  expiresAt: Date | null;
}

export const SIMULATOR_COLLECTIONS = {
  tokens: 'sim_orange_money_tokens',
  inits: 'sim_orange_money_inits',
  payments: 'sim_orange_money_payments',
} as const;

export class SimulatorState {
  private readonly tokens: mongo.Collection<TokenDoc>;
  private readonly inits: mongo.Collection<InitDoc>;
  private readonly payments: mongo.Collection<PaymentDoc>;

  constructor(connection: Connection) {
    this.tokens = connection.collection<TokenDoc>(SIMULATOR_COLLECTIONS.tokens);
    this.inits = connection.collection<InitDoc>(SIMULATOR_COLLECTIONS.inits);
    this.payments = connection.collection<PaymentDoc>(SIMULATOR_COLLECTIONS.payments);
  }

  async issueToken(token: string, expiresAt: Date): Promise<void> {
    await this.tokens.insertOne({ _id: token, expiresAt });
  }

  async tokenValid(token: string, now: Date): Promise<boolean> {
    const doc = await this.tokens.findOne({ _id: token });
    return doc !== null && doc.expiresAt > now;
  }

  /** Forgets every access token (as a gateway restart does): the next core call with one answers 401. */
  async revokeTokens(): Promise<void> {
    await this.tokens.deleteMany({});
  }

  async addInit(init: InitDoc): Promise<void> {
    await this.inits.insertOne(init);
  }

  async init(payToken: string): Promise<InitDoc | null> {
    return this.inits.findOne({ _id: payToken });
  }

  /** Records a payment unless its payToken was paid already (false then). */
  async addPayment(payment: PaymentDoc): Promise<boolean> {
    try {
      await this.payments.insertOne(payment);
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async payment(payToken: string): Promise<PaymentDoc | null> {
    return this.payments.findOne({ _id: payToken });
  }

  /** Payments made in [from, to) (the settlement report). */
  async paymentsPaidBetween(from: Date, to: Date): Promise<PaymentDoc[]> {
    return this.payments.find({ paidAt: { $gte: from, $lt: to } }).toArray();
  }

  /** Every payment made, oldest first (for tests and the console). */
  async allPayments(): Promise<PaymentDoc[]> {
    return this.payments.find({}).sort({ paidAt: 1 }).toArray();
  }
}

/** The status of a payToken now: unpaid (INITIATED, then EXPIRED), or its payment's. */
export function statusAt(init: InitDoc, payment: PaymentDoc | null, now: Date): OrangeStatus {
  if (!payment) return now >= init.expiresAt ? 'EXPIRED' : 'INITIATED';
  const settlesAt = settlementOf(payment);
  if (settlesAt === null || now < settlesAt.at) return 'PENDING';
  return settlesAt.status;
}

/** When the payment stops being pending and how, or null if it never does. */
export function settlementOf(payment: PaymentDoc): { at: Date; status: Exclude<OrangeStatus, 'INITIATED'> } | null {
  const completes = payment.end.status !== 'PENDING' ? payment.completesAt : null;
  if (completes && (!payment.expiresAt || completes < payment.expiresAt)) {
    return { at: completes, status: payment.end.status };
  }
  return payment.expiresAt ? { at: payment.expiresAt, status: 'EXPIRED' } : null;
}
