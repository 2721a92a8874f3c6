/**
 * The simulated Orange Money's bodies, shaped like the real ones (see client.ts for what is known of them):
 * transactions as `paymentstatus` answers them, the gateway's WSO2 faults, the token endpoint's OAuth errors and
 * the core API's `{code, message, description}` errors. The error codes other than the gateway's are the
 * simulator's own words: Orange publishes none.
 */
import { randomBytes } from 'node:crypto';
import { statusAt, type InitDoc, type PaymentDoc } from './simulatorState';

/** A payToken as Orange makes them, e.g. `MP22122828061160596F8A461518` (CI for a cash-in). */
export function newPayToken(kind: 'mp' | 'cashin', now: Date): string {
  const prefix = kind === 'mp' ? 'MP' : 'CI';
  return `${prefix}${stamp(now)}${randomBytes(10).toString('hex').toUpperCase()}`;
}

/** A transaction id as Orange makes them, e.g. `MP221228.1536.A13810`. */
export function newTxnid(kind: 'mp' | 'cashin', now: Date): string {
  const prefix = kind === 'mp' ? 'MP' : 'CI';
  const time = now.toISOString().slice(11, 16).replace(':', '');
  return `${prefix}${stamp(now)}.${time}.${randomBytes(3).toString('hex').toUpperCase().slice(0, 6)}`;
}

function stamp(now: Date): string {
  return now.toISOString().slice(2, 10).replace(/-/g, '');
}

/** The transaction of a payToken now, merchant payment or cash-in fields by its kind. */
export function transactionJson(init: InitDoc, payment: PaymentDoc | null, now: Date) {
  const status = statusAt(init, payment, now);
  const common = {
    createtime: String(Math.floor((payment?.paidAt ?? init.initiatedAt).getTime() / 1000)),
    subscriberMsisdn: payment?.subscriberMsisdn ?? null,
    amount: payment?.amount ?? null,
    payToken: init._id,
    txnid: payment?.txnid ?? null,
    txnmode: payment?.orderId ?? null,
    status,
    notifUrl: payment?.notifUrl ?? null,
    description: payment?.description ?? null,
    channelUserMsisdn: payment?.channelUserMsisdn ?? null,
  };
  // Orange's failure code belongs to the scripted end only if that end is what happened (not an expiry first).
  const failureCode = payment?.end.status === status ? payment.end.failureCode : undefined;
  if (init.kind === 'cashin') {
    const txnstatus = status === 'SUCCESSFULL' ? '200' : (failureCode ?? (status === 'FAILED' ? '500' : null));
    return { ...common, txnstatus, txnmessage: messageOf(status) };
  }
  return {
    id: Number.parseInt(init._id.slice(-7), 16),
    ...common,
    inittxnstatus: payment ? (failureCode ?? '200') : null,
    inittxnmessage: payment ? messageOf('PENDING') : null,
    confirmtxnstatus: status === 'SUCCESSFULL' ? '200' : null,
    confirmtxnmessage: status === 'PENDING' || status === 'INITIATED' ? null : messageOf(status),
  };
}

/** The words Orange's messages say for a status (what a notification carries too). */
export function messageOf(status: string): string {
  switch (status) {
    case 'PENDING':
      return 'Paiement en attente de confirmation par le client (PIN).';
    case 'SUCCESSFULL':
      return 'Paiement effectue avec succes.';
    case 'CANCELLED':
      return 'Paiement annule par le client.';
    case 'EXPIRED':
      return 'Paiement expire.';
    case 'FAILED':
      return 'Echec du paiement.';
    default:
      return 'Paiement initie.';
  }
}

/** The gateway's answer to a missing, unknown or expired access token. */
export function gatewayFault() {
  return {
    fault: {
      code: 900901,
      message: 'Invalid Credentials',
      description: 'Invalid Credentials. Make sure you have given the correct access token',
    },
  };
}

/** A core API error. */
export function coreError(code: string, message: string) {
  return { code, message, description: message };
}
