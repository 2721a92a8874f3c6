/**
 * Port: where KYC documents, their bytes, submissions and decisions are kept. Everything is decided by inserts into
 * unique ids (a document by its id derived from its hash, a decision by `<submission>#decision`); nothing is updated.
 * The bytes are kept in chunks of at most KYC_CHUNK_BYTES, written before the document's record, so a recorded
 * document always has its bytes.
 */
import type { InsertResult } from '../../ledger/ledgerStore';
import type { KycDocument } from './kycDocument';
import type { KycDecision, KycSubmission } from './kycSubmission';

/** The largest chunk of a document's bytes (255 KiB, as GridFS does). */
export const KYC_CHUNK_BYTES = 255 * 1024;

export interface KycStore {
  /** Keeps the bytes of the document `documentId` (again for the same id: no change), then nothing else. */
  putBytes(documentId: string, bytes: Uint8Array): Promise<void>;
  /** The bytes of a document, or null when none were kept. */
  getBytes(documentId: string): Promise<Uint8Array | null>;
  /** `duplicate` when the id is taken: the same file of that type and merchant was already recorded. */
  insertDocument(document: KycDocument): Promise<InsertResult>;
  getDocument(id: string): Promise<KycDocument | null>;
  /** The merchant's documents, newest first. */
  documentsOf(merchantId: string): Promise<KycDocument[]>;
  /** `duplicate` when the same submission was already made. */
  insertSubmission(submission: KycSubmission): Promise<InsertResult>;
  getSubmission(id: string): Promise<KycSubmission | null>;
  /** Every submission not decided yet, oldest first. */
  undecidedSubmissions(): Promise<KycSubmission[]>;
  /** The merchant's submissions, newest first. */
  submissionsOf(merchantId: string): Promise<KycSubmission[]>;
  /** `duplicate` when the submission was already decided: read getDecision for what stands. */
  insertDecision(decision: KycDecision): Promise<InsertResult>;
  getDecision(id: string): Promise<KycDecision | null>;
}
