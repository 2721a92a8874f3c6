/**
 * A merchant's KYC documents: uploads checked (uploadCheck.ts) and kept once per file (the same bytes twice for one
 * merchant and type are one document: the record's id derives from their SHA-256 and its insert decides), read back,
 * listed; and a submission asking for a level with the documents it needs.
 */
import { createHash } from 'node:crypto';
import type { Merchant } from '../merchant';
import {
  isKycDocumentType,
  isRequestableLevel,
  missingDocuments,
  REQUIRED_DOCUMENTS,
  type KycDocument,
  type KycDocumentType,
  type RequestableLevel,
} from './kycDocument';
import type { KycStore } from './kycStore';
import type { KycSubmission } from './kycSubmission';
import { checkUpload, DEFAULT_MAX_UPLOAD_BYTES, type UploadRefusal } from './uploadCheck';

/** What the KYC services need of the merchants. */
export interface KycMerchants {
  get(id: string): Promise<Merchant | null>;
}

export type UploadResult =
  | { ok: true; document: KycDocument; created: boolean }
  | { ok: false; reason: UploadRefusal | 'INVALID_DOCUMENT_TYPE' | 'MERCHANT_NOT_FOUND' };

export type SubmitResult =
  | { ok: true; submission: KycSubmission; created: boolean }
  | { ok: false; reason: 'MERCHANT_NOT_FOUND' | 'INVALID_LEVEL' | 'ALREADY_AT_LEVEL' }
  | { ok: false; reason: 'MISSING_DOCUMENTS'; missing: KycDocumentType[] };

export interface KycDocumentsOptions {
  store: KycStore;
  merchants: KycMerchants;
  /** The largest file accepted, in bytes (KYC_MAX_UPLOAD_BYTES). */
  maxUploadBytes?: number;
  clock?: (() => Date) | undefined;
}

function hashHex(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('hex');
}

/** The id of a merchant's document of `type` with these bytes' hash. */
export function kycDocumentId(merchantId: string, type: KycDocumentType, sha256: string): string {
  return `kd_${hashHex(merchantId, type, sha256).slice(0, 24)}`;
}

export class KycDocuments {
  private readonly store: KycStore;
  private readonly merchants: KycMerchants;
  private readonly clock: () => Date;
  /** The largest file accepted, in bytes. */
  readonly maxUploadBytes: number;

  constructor(options: KycDocumentsOptions) {
    this.store = options.store;
    this.merchants = options.merchants;
    this.maxUploadBytes = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
    this.clock = options.clock ?? (() => new Date());
  }

  /** Checks and keeps a file; the same file again answers the document already kept (`created: false`). */
  async upload(input: {
    merchantId: string;
    type: string;
    contentType: string;
    bytes: Uint8Array;
    fileName?: string | undefined;
  }): Promise<UploadResult> {
    if (!isKycDocumentType(input.type)) return { ok: false, reason: 'INVALID_DOCUMENT_TYPE' };
    const checked = checkUpload(input.bytes, input.contentType, this.maxUploadBytes);
    if (!checked.ok) return checked;
    if (!(await this.merchants.get(input.merchantId))) return { ok: false, reason: 'MERCHANT_NOT_FOUND' };

    const sha256 = createHash('sha256').update(input.bytes).digest('hex');
    const id = kycDocumentId(input.merchantId, input.type, sha256);
    const known = await this.store.getDocument(id);
    if (known) return { ok: true, document: known, created: false };
    // The bytes first: a record is only ever seen with its bytes (a crash between the two leaves chunks that the
    // next upload of the same file reuses).
    await this.store.putBytes(id, input.bytes);
    const fileName = fileNameOf(input.fileName);
    const document: KycDocument = {
      _id: id,
      merchantId: input.merchantId,
      type: input.type,
      contentType: checked.contentType,
      size: input.bytes.length,
      sha256,
      ...(fileName === null ? {} : { fileName }),
      uploadedAt: this.clock(),
    };
    if ((await this.store.insertDocument(document)) === 'inserted') return { ok: true, document, created: true };
    const winner = await this.store.getDocument(id);
    if (!winner) throw new Error(`KYC document ${id} reported as duplicate but not found`);
    return { ok: true, document: winner, created: false };
  }

  /** The merchant's documents, newest first. */
  list(merchantId: string): Promise<KycDocument[]> {
    return this.store.documentsOf(merchantId);
  }

  /** One of the merchant's documents with its bytes, or null (another merchant's document is null too). */
  async read(merchantId: string, documentId: string): Promise<{ document: KycDocument; bytes: Uint8Array } | null> {
    const document = await this.store.getDocument(documentId);
    if (!document || document.merchantId !== merchantId) return null;
    const bytes = await this.store.getBytes(documentId);
    if (!bytes) throw new Error(`KYC document ${documentId} has no bytes`);
    return { document, bytes };
  }

  /**
   * The merchant asks for `level` with its newest document of each type the level needs. Asking again with the same
   * documents answers the same submission; after a rejection, new documents make a new one.
   */
  async submit(merchantId: string, level: string): Promise<SubmitResult> {
    if (!isRequestableLevel(level)) return { ok: false, reason: 'INVALID_LEVEL' };
    const merchant = await this.merchants.get(merchantId);
    if (!merchant) return { ok: false, reason: 'MERCHANT_NOT_FOUND' };
    if (merchant.kycLevel === level || merchant.kycLevel === 'full') return { ok: false, reason: 'ALREADY_AT_LEVEL' };
    const newestFirst = await this.store.documentsOf(merchantId);
    const missing = missingDocuments(
      level,
      newestFirst.map((d) => d.type),
    );
    if (missing.length > 0) return { ok: false, reason: 'MISSING_DOCUMENTS', missing };
    const documents: Partial<Record<KycDocumentType, string>> = {};
    for (const type of REQUIRED_DOCUMENTS[level]) documents[type] = newestFirst.find((d) => d.type === type)!._id;
    const submission: KycSubmission = {
      _id: submissionId(merchantId, level, documents),
      merchantId,
      level,
      documents,
      submittedAt: this.clock(),
    };
    if ((await this.store.insertSubmission(submission)) === 'inserted') return { ok: true, submission, created: true };
    const existing = await this.store.getSubmission(submission._id);
    if (!existing) throw new Error(`KYC submission ${submission._id} reported as duplicate but not found`);
    return { ok: true, submission: existing, created: false };
  }
}

/** A file name fit to keep and show: no path, no control characters, at most 120 characters; null when none is left. */
function fileNameOf(name: string | undefined): string | null {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = base
    .replace(/\p{Cc}/gu, '')
    .trim()
    .slice(0, 120);
  return clean === '' ? null : clean;
}

function submissionId(
  merchantId: string,
  level: RequestableLevel,
  documents: Partial<Record<KycDocumentType, string>>,
): string {
  const ids = REQUIRED_DOCUMENTS[level].map((type) => `${type}=${documents[type]}`);
  return `ks_${hashHex(merchantId, level, ...ids).slice(0, 24)}`;
}
