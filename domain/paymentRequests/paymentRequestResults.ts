/**
 * What the payment-request service takes and gives back: who asks, refusals, receipts and requests as people
 * see them.
 */
import type { TransferRefusal } from '../ledger/transferResults';
import type { Msisdn } from '../phone';
import type { TerminalStepKind } from './paymentRequestStore';

/** Who asks: a registered person (paid into their wallet) or a merchant (paid into its merchant account). */
export type RequesterRef =
  { kind: 'wallet'; msisdn: Msisdn } | { kind: 'merchant'; merchantId: string; name: string; contact: Msisdn };

/** What people see: `paying` while an attempt is being decided; `expired` as soon as it is past its expiry. */
export type RequestStatus = 'open' | 'paying' | TerminalStepKind;

/** Why a request could not be made. */
export type CreateRefusal =
  | 'INVALID_ID'
  | 'INVALID_AMOUNT'
  | 'REASON_TOO_LONG'
  | 'INVALID_EXPIRY'
  | 'SAME_ACCOUNT'
  | 'REQUESTER_NOT_REGISTERED'
  | 'CONFLICT';

/** Why a pay, decline or cancel did not happen. */
export type ActionRefusal =
  | 'NOT_FOUND'
  | 'ALREADY_PAID'
  | 'DECLINED'
  | 'CANCELLED'
  | 'EXPIRED'
  | 'PAYER_NOT_REGISTERED'
  /** An attempt through a rail (the pay page) waits for the payer: nothing else may happen to the request now. */
  | 'PAYING'
  // What the ledger said about a failed attempt (funds, limits, a frozen account).
  | TransferRefusal;

/** What the payer is shown after paying. */
export interface PaymentReceipt {
  /** The ledger transfer id. */
  reference: string;
  /** The request's short reference, which the transfer carries: the same on both sides' notices and histories. */
  shortReference: string;
  requestId: string;
  amount: number;
  fee: number;
  total: number;
  balanceAfter: number;
}

/** A request as listed for people. */
export interface RequestView {
  id: string;
  /** What people read and quote for the request and the payment that settles it (domain/shortReference.ts). */
  shortReference: string;
  requesterName: string;
  payer: Msisdn;
  amount: number;
  reason: string;
  createdAt: Date;
  expiresAt: Date;
  status: RequestStatus;
}
