/**
 * One-time sign-in codes for the merchant dashboard, as kept: each code is a numbered slot of its number's hour
 * (`<msisdn>:<hour>:<n>`, so taking the slot is the rate limit), stored as an HMAC, never in clear; the attempts at it
 * and its single use are marks whose insert decides (`<codeId>#try<n>`, `<codeId>#used`).
 */
import type { InsertResult } from '../../ledger/ledgerStore';
import type { Msisdn } from '../../phone';

export interface SignInCode {
  /** `<msisdn>:<hour since the epoch>:<n>`, n from 1 to the codes allowed an hour. */
  _id: string;
  msisdn: Msisdn;
  /** HMAC-SHA256 of the code under the server's pepper, hex. */
  codeHash: string;
  createdAt: Date;
  expiresAt: Date;
}

/** A fact about a code decided by its insert: one attempt at it, or its use. */
export interface SignInCodeMark {
  /** `<codeId>#try<n>` or `<codeId>#used`. */
  _id: string;
  codeId: string;
  at: Date;
}

/** Port: where sign-in codes and their marks are kept. */
export interface SignInCodeStore {
  insertCode(code: SignInCode): Promise<InsertResult>;
  /** The number's newest code, or null. */
  latestCode(msisdn: Msisdn): Promise<SignInCode | null>;
  insertMark(mark: SignInCodeMark): Promise<InsertResult>;
}
