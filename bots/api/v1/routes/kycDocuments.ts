/**
 * KYC documents: upload one (the file as the body with its Content-Type, or as multipart/form-data; `?type=` says
 * which document it is) and list them. The file is checked by the service (JPEG, PNG or PDF by its bytes, size,
 * no JavaScript in a PDF); nothing of it is logged or echoed back.
 */
import type { KycDocument } from '../../../../domain/merchants/kyc/kycDocument';
import type { UploadResult } from '../../../../domain/merchants/kyc/kycDocuments';
import type { KycDocumentsPort, MerchantApiPorts } from '../../ports';
import { ApiError } from '../errors';
import { answer, defineRoute } from '../route';
import { listOf, listQuery } from '../schemas/common';
import { kycDocumentResource, kycUploadQuery } from '../schemas/kyc';

type UploadRefusal = Extract<UploadResult, { ok: false }>['reason'];

const UPLOAD_REFUSALS: Readonly<Record<UploadRefusal, () => ApiError>> = {
  EMPTY_FILE: () => new ApiError(400, 'invalid_request', 'file_empty', 'The file is empty.', 'file'),
  FILE_TOO_LARGE: () => new ApiError(413, 'invalid_request', 'file_too_large', 'The file is too large.', 'file'),
  UNSUPPORTED_FILE_TYPE: () =>
    new ApiError(400, 'invalid_request', 'file_type_unsupported', 'Send a JPEG, a PNG or a PDF.', 'file'),
  CONTENT_TYPE_MISMATCH: () =>
    new ApiError(
      400,
      'invalid_request',
      'file_type_mismatch',
      'The Content-Type does not match what the file is (its first bytes).',
      'file',
    ),
  PDF_WITH_JAVASCRIPT: () =>
    new ApiError(400, 'invalid_request', 'pdf_with_javascript', 'A PDF with JavaScript is refused.', 'file'),
  INVALID_DOCUMENT_TYPE: () =>
    new ApiError(400, 'invalid_request', 'parameter_invalid', 'Unknown document type.', 'type'),
  MERCHANT_NOT_FOUND: () => new ApiError(404, 'not_found', 'merchant_not_found', 'This merchant does not exist.'),
};

function kycPort(ports: MerchantApiPorts): KycDocumentsPort {
  if (!ports.kycDocuments)
    throw new ApiError(404, 'not_found', 'route_not_found', 'KYC documents are not served here.');
  return ports.kycDocuments;
}

/** A document as the API shows it. */
export function presentKycDocument(document: KycDocument) {
  return {
    object: 'kyc_document' as const,
    id: document._id,
    type: document.type,
    content_type: document.contentType,
    size: document.size,
    sha256: document.sha256,
    created: document.uploadedAt.toISOString(),
  };
}

export const kycDocumentRoutes = [
  defineRoute({
    method: 'post',
    path: '/kyc_documents',
    summary: 'Upload a KYC document',
    description:
      'The file is the body, with its Content-Type (image/jpeg, image/png or application/pdf), or the file part of a ' +
      'multipart/form-data body. It must be what its first bytes say, match its declared type, be at most 5 MB (by ' +
      'default) and, for a PDF, hold no JavaScript. The same file again for the same type is the same document (200).',
    upload: true,
    query: kycUploadQuery,
    status: 201,
    response: kycDocumentResource,
    errors: [400, 404, 409, 413, 422],
    example: { query: { type: 'owner_id' } },
    async handle({ merchantId, query, upload, ports }) {
      const kyc = kycPort(ports);
      if (!upload) throw UPLOAD_REFUSALS.EMPTY_FILE();
      const result = await kyc.upload({
        merchantId,
        type: query.type,
        contentType: upload.contentType,
        bytes: upload.bytes,
      });
      if (!result.ok) throw UPLOAD_REFUSALS[result.reason]();
      return answer(result.created ? 201 : 200, presentKycDocument(result.document));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/kyc_documents',
    summary: 'The KYC documents sent, newest first',
    query: listQuery,
    status: 200,
    response: listOf(kycDocumentResource),
    async handle({ merchantId, query, ports }) {
      const all = await kycPort(ports).list(merchantId);
      const after = query.starting_after === undefined ? 0 : all.findIndex((d) => d._id === query.starting_after) + 1;
      const page = all.slice(after, after + query.limit);
      return answer(200, {
        object: 'list',
        data: page.map(presentKycDocument),
        has_more: after + query.limit < all.length,
      });
    },
  }),
];
