/**
 * Ports through which payment links and invoices make and read a merchant's payment requests, so neither depends on
 * how a merchant request is made (the merchant's checks, limits and events live with whoever implements them).
 */
import type { RequestStatus } from '../paymentRequests/paymentRequestResults';
import type { MerchantRequestSource } from '../paymentRequests/paymentRequestStore';
import type { Msisdn } from '../phone';

/** What a link or an invoice asks for when a payer fills its page. */
export interface MerchantRequestInput {
  merchantId: string;
  /** The request's id, derived by the caller (the same id again is the same request). */
  id: string;
  payer: Msisdn;
  amount: number;
  reason: string;
  orderReference: string | null;
  source: MerchantRequestSource;
  sourceId: string;
}

/** Port: makes a merchant's payment request and gives its pay page, or why it was refused. */
export type CreateMerchantRequest = (
  input: MerchantRequestInput,
) => Promise<{ ok: true; requestId: string; payUrl: string } | { ok: false; reason: string }>;

/**
 * Port: where a request stands now (null when it does not exist). `requestId` is the id the link or the invoice gave
 * createRequest; a merchant's ids are its own, so the merchant is named too.
 */
export type MerchantRequestStatus = (requestId: string, merchantId: string) => Promise<RequestStatus | null>;

/** Port: the merchant takes back one of its requests not yet paid (nothing when it already ended). */
export type CancelMerchantRequest = (input: { merchantId: string; requestId: string }) => Promise<void>;
