/**
 * Port: a bank transfer API (a Cameroonian bank's or aggregator's), as the bank rail (bankRail.ts) uses it.
 * Transfers are idempotent by our reference: sending the same one again answers the same transfer.
 */
import type { Francs } from '../../money';

/** One transfer to a bank account. */
export interface BankTransferRequest {
  /** Our ledger transfer id, the bank's idempotency key. */
  reference: string;
  amount: Francs;
  /** The 23-digit RIB (bank code, branch, account, key). */
  accountNumber: string;
  bankCode: string;
  accountName: string;
  /** What the beneficiary's statement shows. */
  narration: string;
}

/** Why a bank failed a transfer. */
export type BankFailure = 'INVALID_ACCOUNT' | 'ACCOUNT_CLOSED' | 'NAME_MISMATCH' | 'BANK_UNAVAILABLE';

/** The bank's status: PENDING → PROCESSING → COMPLETED | FAILED; NOT_FOUND when it never heard of the reference. */
export type BankTransferStatus =
  { status: 'PENDING' | 'PROCESSING' | 'COMPLETED' | 'NOT_FOUND' } | { status: 'FAILED'; reason: BankFailure };

/** Accepted (the bank will act on the reference), or refused at once (it never will). */
export type BankAcceptance = { ok: true } | { ok: false; reason: 'INVALID_REQUEST' };

export interface BankTransfers {
  /** Sends the transfer; throws when the answer is unknown (a timeout, a 500). */
  send(request: BankTransferRequest): Promise<BankAcceptance>;
  /** The transfer's status; throws when the bank cannot be asked. */
  status(reference: string): Promise<BankTransferStatus>;
}
