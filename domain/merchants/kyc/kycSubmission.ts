/**
 * A KYC submission: a merchant asks for a level with the documents it sent, and a back-office person decides it
 * once. The decision is its own record, `<submission>#decision`, whose insert into the unique `_id` decides a race
 * between two reviewers: the first stands and the other is told what it was.
 */
import type { KycDocumentType, RequestableLevel } from './kycDocument';

/** A merchant's request for a level, with the document of each type it rests on. */
export interface KycSubmission {
  /** `ks_` and 24 hex characters of a SHA-256 of the merchant, the level and the documents: asking again is one. */
  _id: string;
  merchantId: string;
  level: RequestableLevel;
  /** The document id of each type the level needs. */
  documents: Partial<Record<KycDocumentType, string>>;
  submittedAt: Date;
}

export const KYC_OUTCOMES = ['approved', 'rejected'] as const;
export type KycOutcome = (typeof KYC_OUTCOMES)[number];

/** What a reviewer decided, recorded once. */
export interface KycDecision {
  /** `<submission id>#decision`. */
  _id: string;
  submissionId: string;
  merchantId: string;
  level: RequestableLevel;
  outcome: KycOutcome;
  /** Why; required for a rejection (the owner reads it). */
  reason: string | null;
  /** The back-office person who decided. */
  reviewer: string;
  decidedAt: Date;
}

/** The id of a submission's decision. */
export function decisionIdOf(submissionId: string): string {
  return `${submissionId}#decision`;
}

/** A submission with its decision, when there is one. */
export interface ReviewedSubmission {
  submission: KycSubmission;
  decision: KycDecision | null;
}
