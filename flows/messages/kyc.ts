/**
 * Notices to a merchant's owner about the review of its KYC documents (domain/merchants/kyc/): what was decided,
 * the new limits in words, and for a rejection the reviewer's reason.
 */
import { defineMessages } from './catalog';

export const kycMessages = defineMessages({
  en: {
    'kyc.approvedVerified':
      'Good news: the documents of {merchant} are approved. It is now verified and may ask for up to {limit} per payment.',
    'kyc.approvedFull':
      'Good news: the documents of {merchant} are approved. It is now fully verified and may ask for up to {limit} per payment.',
    'kyc.rejected':
      'The documents of {merchant} were not approved: {reason}. Send new documents and ask for the review again.',
  },
  fr: {
    'kyc.approvedVerified':
      'Bonne nouvelle : les documents de {merchant} sont approuvés. Le compte est vérifié et peut demander jusqu’à {limit} par paiement.',
    'kyc.approvedFull':
      'Bonne nouvelle : les documents de {merchant} sont approuvés. Le compte est entièrement vérifié et peut demander jusqu’à {limit} par paiement.',
    'kyc.rejected':
      'Les documents de {merchant} n’ont pas été approuvés : {reason}. Envoyez de nouveaux documents et demandez à nouveau la vérification.',
  },
});
