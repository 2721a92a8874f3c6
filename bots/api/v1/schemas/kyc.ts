/** The KYC document resource and the upload's query. */
import { z } from 'zod';
import { KYC_CONTENT_TYPES, KYC_DOCUMENT_TYPES } from '../../../../domain/merchants/kyc/kycDocument';
import { timestamp } from './common';

/** `?type=` of an upload. */
export const kycUploadQuery = z.strictObject({
  type: z.enum(KYC_DOCUMENT_TYPES).meta({
    description:
      'owner_id (CNI or passport), business_registration (RCCM), tax_number (NIU), proof_of_address or bank_details.',
  }),
});

export const kycDocumentResource = z
  .object({
    object: z.literal('kyc_document'),
    id: z.string(),
    type: z.enum(KYC_DOCUMENT_TYPES),
    content_type: z.enum(KYC_CONTENT_TYPES),
    size: z.number().int().meta({ description: 'Bytes.' }),
    sha256: z.string().meta({ description: "The file's SHA-256, hex: the same file sent again is the same document." }),
    created: timestamp,
  })
  .meta({ id: 'KycDocument' });
