/**
 * KYC documents: what a merchant sends so compliance can raise its KYC level, and which documents each level needs.
 * A document is one file (JPEG, PNG or PDF) of one type; its bytes are kept apart from this record (kycStore.ts).
 */
import type { MerchantKycLevel } from '../merchant';

/** The kinds of document a merchant may send. */
export const KYC_DOCUMENT_TYPES = [
  // The owner's national identity card (CNI) or passport.
  'owner_id',
  // The trade register extract (RCCM).
  'business_registration',
  // The taxpayer number certificate (NIU).
  'tax_number',
  'proof_of_address',
  // A bank identity statement (RIB) or the mobile-money account the merchant is paid to.
  'bank_details',
] as const;
export type KycDocumentType = (typeof KYC_DOCUMENT_TYPES)[number];

/** The file formats accepted, by their media type. */
export const KYC_CONTENT_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;
export type KycContentType = (typeof KYC_CONTENT_TYPES)[number];

/** The documents each level needs (a level needs those of the levels below it too). */
export const REQUIRED_DOCUMENTS: Record<MerchantKycLevel, readonly KycDocumentType[]> = {
  unverified: [],
  verified: ['owner_id', 'business_registration'],
  full: ['owner_id', 'business_registration', 'tax_number', 'proof_of_address', 'bank_details'],
};

/** The levels a merchant can ask for, lowest first. */
export const REQUESTABLE_LEVELS = ['verified', 'full'] as const satisfies readonly MerchantKycLevel[];
export type RequestableLevel = (typeof REQUESTABLE_LEVELS)[number];

/** A document as kept (its bytes apart). Never changes once recorded. */
export interface KycDocument {
  /** `kd_` and 24 hex characters of a SHA-256 of the merchant, the type and the file's hash: the same file is one. */
  _id: string;
  merchantId: string;
  type: KycDocumentType;
  contentType: KycContentType;
  /** Size in bytes. */
  size: number;
  /** SHA-256 of the bytes, hex. */
  sha256: string;
  /** The file's name as the merchant's device gave it (dashboard uploads), to recognise it; absent otherwise. */
  fileName?: string;
  uploadedAt: Date;
}

/** Whether `value` names a document type. */
export function isKycDocumentType(value: string): value is KycDocumentType {
  return (KYC_DOCUMENT_TYPES as readonly string[]).includes(value);
}

/** Whether `value` names a level a merchant can ask for. */
export function isRequestableLevel(value: string): value is RequestableLevel {
  return (REQUESTABLE_LEVELS as readonly string[]).includes(value);
}

/** The types `level` needs that are not among `have`, in the order of KYC_DOCUMENT_TYPES. */
export function missingDocuments(level: MerchantKycLevel, have: Iterable<KycDocumentType>): KycDocumentType[] {
  const present = new Set(have);
  return REQUIRED_DOCUMENTS[level].filter((type) => !present.has(type));
}

/** The higher of two levels (an approval never lowers what was approved before). */
export function higherLevel(a: MerchantKycLevel, b: MerchantKycLevel): MerchantKycLevel {
  const order: readonly MerchantKycLevel[] = ['unverified', 'verified', 'full'];
  return order.indexOf(a) >= order.indexOf(b) ? a : b;
}
