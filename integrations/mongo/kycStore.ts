/**
 * KYC documents on MongoDB / FerretDB: records in `kyc_documents`, their bytes in `kyc_document_chunks` (chunks of
 * at most 255 KiB, `_id` `<document>#<n>`), submissions in `kyc_submissions` and decisions in `kyc_decisions`.
 * Chunks are our own rather than GridFS (whose bucket does upload and read back on FerretDB v1 too): the same layout,
 * but written by plain inserts whose duplicates are harmless (a chunk's id names the document, whose id names the
 * bytes' hash), so two uploads of one file at once, or a retry after a crash, need no cleanup; a GridFS upload
 * racing another with the same id fails midway on the chunks' unique index and leaves its part behind.
 * Everything is decided by inserts; nothing is updated.
 */
import { Schema, type Connection, type mongo } from 'mongoose';
import type { InsertResult } from '../../domain/ledger/ledgerStore';
import type { KycDocument } from '../../domain/merchants/kyc/kycDocument';
import { KYC_CHUNK_BYTES, type KycStore } from '../../domain/merchants/kyc/kycStore';
import { decisionIdOf, type KycDecision, type KycSubmission } from '../../domain/merchants/kyc/kycSubmission';
import { insertOnce } from './insertOnce';

const documentSchema = new Schema(
  { _id: String, merchantId: { type: String, required: true }, uploadedAt: { type: Date, required: true } },
  { versionKey: false, strict: false, collection: 'kyc_documents' },
);
documentSchema.index({ merchantId: 1, uploadedAt: -1 });

const chunkSchema = new Schema(
  { _id: String, documentId: { type: String, required: true }, n: { type: Number, required: true } },
  { versionKey: false, strict: false, collection: 'kyc_document_chunks' },
);
chunkSchema.index({ documentId: 1, n: 1 });

const submissionSchema = new Schema(
  { _id: String, merchantId: { type: String, required: true }, submittedAt: { type: Date, required: true } },
  { versionKey: false, strict: false, collection: 'kyc_submissions' },
);
submissionSchema.index({ merchantId: 1, submittedAt: -1 });
submissionSchema.index({ submittedAt: 1 });

const decisionSchema = new Schema(
  { _id: String, submissionId: { type: String, required: true } },
  { versionKey: false, strict: false, collection: 'kyc_decisions' },
);

type Doc = mongo.Document & { _id: string };

/** Registers the KYC models on a connection (idempotent). */
export function kycModels(connection: Connection) {
  return {
    documents: connection.models.KycDocument ?? connection.model('KycDocument', documentSchema),
    chunks: connection.models.KycDocumentChunk ?? connection.model('KycDocumentChunk', chunkSchema),
    submissions: connection.models.KycSubmission ?? connection.model('KycSubmission', submissionSchema),
    decisions: connection.models.KycDecision ?? connection.model('KycDecision', decisionSchema),
  };
}

/** Creates the KYC indexes and waits for them: run before serving traffic. */
export async function ensureKycIndexes(connection: Connection): Promise<void> {
  for (const model of Object.values(kycModels(connection))) await model.createIndexes();
}

function asDocument(doc: Doc): KycDocument {
  return {
    _id: doc._id,
    merchantId: doc.merchantId,
    type: doc.type,
    contentType: doc.contentType,
    size: doc.size,
    sha256: doc.sha256,
    ...(typeof doc.fileName === 'string' ? { fileName: doc.fileName } : {}),
    uploadedAt: doc.uploadedAt,
  };
}

function asSubmission(doc: Doc): KycSubmission {
  return {
    _id: doc._id,
    merchantId: doc.merchantId,
    level: doc.level,
    documents: { ...doc.documents },
    submittedAt: doc.submittedAt,
  };
}

function asDecision(doc: Doc): KycDecision {
  return {
    _id: doc._id,
    submissionId: doc.submissionId,
    merchantId: doc.merchantId,
    level: doc.level,
    outcome: doc.outcome,
    reason: doc.reason ?? null,
    reviewer: doc.reviewer,
    decidedAt: doc.decidedAt,
  };
}

/** The bytes of a stored Binary (the driver answers Binary for binary fields). */
function bytesOf(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  const binary = value as mongo.Binary;
  return binary.buffer.subarray(0, binary.position);
}

/** The KycStore port on a mongoose connection. */
export class MongoKycStore implements KycStore {
  private readonly documents: mongo.Collection<Doc>;
  private readonly chunks: mongo.Collection<Doc>;
  private readonly submissions: mongo.Collection<Doc>;
  private readonly decisions: mongo.Collection<Doc>;

  constructor(connection: Connection) {
    const models = kycModels(connection);
    this.documents = models.documents.collection as unknown as mongo.Collection<Doc>;
    this.chunks = models.chunks.collection as unknown as mongo.Collection<Doc>;
    this.submissions = models.submissions.collection as unknown as mongo.Collection<Doc>;
    this.decisions = models.decisions.collection as unknown as mongo.Collection<Doc>;
  }

  async putBytes(documentId: string, bytes: Uint8Array): Promise<void> {
    const count = Math.max(1, Math.ceil(bytes.length / KYC_CHUNK_BYTES));
    for (let n = 0; n < count; n += 1) {
      const data = Buffer.from(bytes.subarray(n * KYC_CHUNK_BYTES, (n + 1) * KYC_CHUNK_BYTES));
      // A chunk already there holds the same bytes (the id names the file's hash): its duplicate is harmless.
      await insertOnce(this.chunks, { _id: `${documentId}#${n}`, documentId, n, count, data });
    }
  }

  async getBytes(documentId: string): Promise<Uint8Array | null> {
    const chunks = await this.chunks.find({ documentId }).sort({ n: 1 }).toArray();
    const first = chunks[0];
    if (!first || chunks.length !== first.count) return null;
    return Buffer.concat(chunks.map((chunk) => bytesOf(chunk.data)));
  }

  insertDocument(document: KycDocument): Promise<InsertResult> {
    return insertOnce(this.documents, { ...document });
  }

  async getDocument(id: string): Promise<KycDocument | null> {
    const doc = await this.documents.findOne({ _id: id });
    return doc ? asDocument(doc) : null;
  }

  async documentsOf(merchantId: string): Promise<KycDocument[]> {
    const docs = await this.documents.find({ merchantId }).sort({ uploadedAt: -1, _id: -1 }).toArray();
    return docs.map(asDocument);
  }

  insertSubmission(submission: KycSubmission): Promise<InsertResult> {
    return insertOnce(this.submissions, { ...submission, documents: { ...submission.documents } });
  }

  async getSubmission(id: string): Promise<KycSubmission | null> {
    const doc = await this.submissions.findOne({ _id: id });
    return doc ? asSubmission(doc) : null;
  }

  async undecidedSubmissions(): Promise<KycSubmission[]> {
    // A back office's queue is short: every submission is read, and the decided ones left out by their decisions.
    const all = (await this.submissions.find({}).sort({ submittedAt: 1, _id: 1 }).toArray()).map(asSubmission);
    if (all.length === 0) return [];
    const decided = await this.decisions.find({ _id: { $in: all.map((s) => decisionIdOf(s._id)) } }).toArray();
    const decidedIds = new Set(decided.map((d) => d.submissionId as string));
    return all.filter((s) => !decidedIds.has(s._id));
  }

  async submissionsOf(merchantId: string): Promise<KycSubmission[]> {
    const docs = await this.submissions.find({ merchantId }).sort({ submittedAt: -1, _id: -1 }).toArray();
    return docs.map(asSubmission);
  }

  insertDecision(decision: KycDecision): Promise<InsertResult> {
    return insertOnce(this.decisions, { ...decision });
  }

  async getDecision(id: string): Promise<KycDecision | null> {
    const doc = await this.decisions.findOne({ _id: id });
    return doc ? asDecision(doc) : null;
  }
}
