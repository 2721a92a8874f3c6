/** KYC documents, bytes, submissions and decisions in memory: the twin of the MongoDB store (first insert stands). */
import type { InsertResult } from '../../domain/ledger/ledgerStore';
import type { KycDocument } from '../../domain/merchants/kyc/kycDocument';
import type { KycStore } from '../../domain/merchants/kyc/kycStore';
import { decisionIdOf, type KycDecision, type KycSubmission } from '../../domain/merchants/kyc/kycSubmission';
import { roundTrip, Table } from './table';

function newestFirst<T extends { _id: string }>(items: T[], at: (item: T) => Date): T[] {
  return items.sort((a, b) => at(b).getTime() - at(a).getTime() || (a._id < b._id ? 1 : -1));
}

export class MemoryKycStore implements KycStore {
  private readonly bytes = new Map<string, Uint8Array>();
  private readonly documents = new Table<KycDocument>();
  private readonly submissions = new Table<KycSubmission>();
  private readonly decisions = new Table<KycDecision>();

  async putBytes(documentId: string, bytes: Uint8Array): Promise<void> {
    await roundTrip();
    if (!this.bytes.has(documentId)) this.bytes.set(documentId, new Uint8Array(bytes));
  }

  async getBytes(documentId: string): Promise<Uint8Array | null> {
    await roundTrip();
    const kept = this.bytes.get(documentId);
    return kept ? new Uint8Array(kept) : null;
  }

  async insertDocument(document: KycDocument): Promise<InsertResult> {
    await roundTrip();
    return this.documents.insert(document);
  }

  async getDocument(id: string): Promise<KycDocument | null> {
    await roundTrip();
    return this.documents.get(id);
  }

  async documentsOf(merchantId: string): Promise<KycDocument[]> {
    await roundTrip();
    return newestFirst(
      this.documents.find((d) => d.merchantId === merchantId),
      (d) => d.uploadedAt,
    );
  }

  async insertSubmission(submission: KycSubmission): Promise<InsertResult> {
    await roundTrip();
    return this.submissions.insert(submission);
  }

  async getSubmission(id: string): Promise<KycSubmission | null> {
    await roundTrip();
    return this.submissions.get(id);
  }

  async undecidedSubmissions(): Promise<KycSubmission[]> {
    await roundTrip();
    return newestFirst(
      this.submissions.find((s) => !this.decisions.has(decisionIdOf(s._id))),
      (s) => s.submittedAt,
    ).reverse();
  }

  async submissionsOf(merchantId: string): Promise<KycSubmission[]> {
    await roundTrip();
    return newestFirst(
      this.submissions.find((s) => s.merchantId === merchantId),
      (s) => s.submittedAt,
    );
  }

  async insertDecision(decision: KycDecision): Promise<InsertResult> {
    await roundTrip();
    return this.decisions.insert(decision);
  }

  async getDecision(id: string): Promise<KycDecision | null> {
    await roundTrip();
    return this.decisions.get(id);
  }
}
