/**
 * What the merchant API needs from the rest of the product: who a bearer secret is, the resources it shows (a
 * merchant, its payment requests and payments, its refunds, its events) and the two stores its machinery keeps
 * (idempotency records, rate-limit hits). The composition root hands real services in; tests hand fakes.
 */
import type { SalaryBatches } from '../../domain/merchants/salaries/salaryBatches';
import type { PayoutView } from '../../domain/merchants/payouts/payout';
import type { PayoutDestinationInput } from '../../domain/merchants/payouts/payoutDestination';
import type { InsertResult } from '../../domain/ledger/ledgerStore';
import type { ApiScope } from '../../domain/merchants/apiKey';
import type { KycDocument } from '../../domain/merchants/kyc/kycDocument';
import type { UploadResult } from '../../domain/merchants/kyc/kycDocuments';
import type { MerchantCategory, MerchantKycLevel, MerchantStatus } from '../../domain/merchants/merchant';
import type { MerchantEventStore } from '../../domain/merchants/merchantEvent';
import type { MerchantWebhooks } from '../../domain/merchants/webhooks/webhooks';
import type { NewInvoice } from '../../domain/merchants/invoices/invoices';
import type { InvoiceView } from '../../domain/merchants/invoices/invoiceView';
import type { NewPaymentLink } from '../../domain/merchants/paymentLinks/paymentLinks';
import type { PaymentLinkView } from '../../domain/merchants/paymentLinks/paymentLinkView';
import type { MerchantRequestSource } from '../../domain/paymentRequests/paymentRequestStore';
import type { Msisdn } from '../../domain/phone';

/** The key a request was made with, as ApiKeys.authenticate answers it (an ApiKey fits). */
export interface ApiKeyIdentity {
  /** The key's public id (`key_…`): rate limits count per key. */
  id: string;
  merchantId: string;
  scopes: readonly ApiScope[];
}

/** Port: the merchant API keys. Unknown and revoked secrets are null. */
export interface ApiKeyAuthenticator {
  authenticate(secret: string): Promise<ApiKeyIdentity | null>;
}

/** A merchant as the API shows it, with the balance of its ledger account in francs. */
export interface MerchantOverview {
  id: string;
  name: string;
  category: MerchantCategory;
  status: MerchantStatus;
  kycLevel: MerchantKycLevel;
  balance: number;
}

/** Port: the merchants. */
export interface MerchantDirectory {
  overview(merchantId: string): Promise<MerchantOverview | null>;
}

/** A merchant's payment request (and, once paid, its payment), as the merchant services show it. */
export interface MerchantPaymentView {
  id: string;
  requestId: string;
  shortReference: string;
  merchantId: string;
  payer: Msisdn | string;
  amount: number;
  currency: 'XAF';
  orderReference: string | null;
  reason: string | null;
  source: MerchantRequestSource;
  sourceId: string | null;
  status: string;
  createdAt: Date;
  expiresAt: Date | null;
  paidAt: Date | null;
  transferId: string | null;
  paidBy: string | null;
  payUrl: string | null;
  history: readonly { status: string; at: Date; [detail: string]: unknown }[];
}

/** What asks a payment request: the API passes `source: 'api'` and an id derived from the idempotency key. */
export interface MerchantRequestInput {
  merchantId: string;
  id: string;
  payer: Msisdn;
  amount: number;
  orderReference: string | null;
  reason: string | null;
  expiresInDays?: number;
  source: 'api';
}

/** A business refusal, a value (`reason` is mapped to a status in bots/api/v1/refusals.ts). */
export type MerchantRequestOutcome = { ok: true; payment: MerchantPaymentView } | { ok: false; reason: string };

/** Port: the merchant payment requests (MerchantRequests). Lists are newest first. */
export interface MerchantRequestsPort {
  /** Idempotent by `id`: asking again with the same id answers the request already made. */
  create(input: MerchantRequestInput): Promise<MerchantRequestOutcome>;
  get(merchantId: string, id: string): Promise<MerchantPaymentView | null>;
  /** Up to `limit` requests after `startingAfter` (an id of the previous page); only paid ones with `paidOnly`. */
  list(
    merchantId: string,
    options: { limit: number; startingAfter?: string; paidOnly?: boolean },
  ): Promise<MerchantPaymentView[]>;
  /** Every request of one order reference, newest first. */
  byOrderReference(merchantId: string, orderReference: string): Promise<MerchantPaymentView[]>;
}

/** A merchant's refund of one of its payments, as the refunds service shows it. */
export interface MerchantRefundView {
  /** The refund's id (derived from the Idempotency-Key that made it). */
  id: string;
  /** The refunded payment's id as the API shows it (a payment request's `id`). */
  paymentId: string;
  merchantId: string;
  amount: number;
  currency: 'XAF';
  destination: 'wallet' | 'mobile_money';
  status: 'pending' | 'processed' | 'failed';
  /** The merchant's reason for the refund; null when it gave none. */
  reason: string | null;
  /** Why it failed; null otherwise. */
  failureReason: string | null;
  shortReference: string;
  createdAt: Date;
  processedAt: Date | null;
}

/** What asks a refund: `paymentId` is the payment's id as the API shows it, `id` derived from the idempotency key. */
export interface MerchantRefundInput {
  merchantId: string;
  id: string;
  paymentId: string;
  /** Whole francs; absent: what is left to refund. */
  amount?: number;
  destination?: 'wallet' | 'mobile_money';
  reason?: string;
}

/** A refund made (possibly failed later), or a refusal whose `reason` refusals.ts maps. */
export type MerchantRefundOutcome = { ok: true; refund: MerchantRefundView } | { ok: false; reason: string };

/** Port: the merchant refunds (Refunds). A payment of another merchant is PAYMENT_NOT_FOUND. Lists are newest first. */
export interface MerchantRefundsPort {
  /** Idempotent by `id`: asking again with the same id answers the refund already made. */
  create(input: MerchantRefundInput): Promise<MerchantRefundOutcome>;
  get(merchantId: string, id: string): Promise<MerchantRefundView | null>;
  /** Up to `limit` refunds after `startingAfter` (a refund id of the previous page), of one payment if given. */
  list(
    merchantId: string,
    options: { limit: number; startingAfter?: string; paymentId?: string },
  ): Promise<{ data: MerchantRefundView[]; hasMore: boolean }>;
}

/** What asks a payout: `id` derived from the idempotency key; the service checks the destination. */
export interface MerchantPayoutInput {
  merchantId: string;
  id: string;
  amount: number;
  destination: PayoutDestinationInput;
  reference?: string;
}

/** Port: the merchant payouts (Payouts), on behalf of the merchant's owner. Lists are newest first. */
export interface MerchantPayoutsPort {
  /** Idempotent by `id`: asking again with the same id answers the payout already made. */
  create(input: MerchantPayoutInput): Promise<{ ok: true; payout: PayoutView } | { ok: false; reason: string }>;
  get(merchantId: string, id: string): Promise<PayoutView | null>;
  list(
    merchantId: string,
    options: { limit: number; startingAfter?: string },
  ): Promise<{ data: PayoutView[]; hasMore: boolean }>;
}

/** Port: the merchant's webhook endpoints, the deliveries of its events and re-sends (MerchantWebhooks). */
export type MerchantWebhooksPort = Pick<
  MerchantWebhooks,
  | 'createEndpoint'
  | 'listEndpoints'
  | 'getEndpoint'
  | 'disable'
  | 'enable'
  | 'deleteEndpoint'
  | 'rotateSecret'
  | 'deliveriesOf'
  | 'attemptsOf'
  | 'resend'
>;

/** Port: the merchants' salary batches (SalaryBatches); a batch of another merchant is BATCH_NOT_FOUND. */
export type SalaryBatchesPort = Pick<SalaryBatches, 'create' | 'get' | 'list' | 'run' | 'rerunFailed'>;

/** The resources the API serves. */
export interface MerchantApiPorts {
  keys: ApiKeyAuthenticator;
  merchants: MerchantDirectory;
  requests: MerchantRequestsPort;
  refunds: MerchantRefundsPort;
  /** Absent where payouts are not offered: their routes answer 404. */
  payouts?: MerchantPayoutsPort;
  events: Pick<MerchantEventStore, 'getEvent' | 'list'>;
  webhooks: MerchantWebhooksPort;
  paymentLinks: PaymentLinksPort;
  invoices: InvoicesPort;
  /** Salary batches (absent: the routes answer 404, as for a deployment without them). */
  salaryBatches?: SalaryBatchesPort;
  /** A merchant's KYC documents (absent where the product does not take them: their routes answer 404). */
  kycDocuments?: KycDocumentsPort;
  idempotency: ApiIdempotencyStore;
  rateLimits: ApiRateLimitStore;
}

/** Port: a merchant's KYC documents (KycDocuments). Refusals are values. */
export interface KycDocumentsPort {
  /** Checks and keeps a file; the same file again answers the same document. */
  upload(input: { merchantId: string; type: string; contentType: string; bytes: Uint8Array }): Promise<UploadResult>;
  /** The merchant's documents, newest first. */
  list(merchantId: string): Promise<KycDocument[]>;
}

/** The first call with one idempotency key: `_id` is `<merchant>:<key>`; its insert decides who runs. */
export interface IdempotencyClaim {
  _id: string;
  /** SHA-256 of the method, the path and the canonical body: the same key with another request is refused. */
  requestHash: string;
  startedAt: Date;
}

/** A later process taking over a claim whose runner died: `_id` is `<claim id>#<n>`, n = 1, 2, … */
export interface IdempotencyTakeover {
  _id: string;
  startedAt: Date;
}

/** The response of a finished call, replayed to every retry: `_id` is the claim's id; the first stored stands. */
export interface IdempotencyResult {
  _id: string;
  requestHash: string;
  status: number;
  body: unknown;
  completedAt: Date;
}

/** Port: where idempotency records are kept. Every decision is an insert; nothing is updated. */
export interface ApiIdempotencyStore {
  insertClaim(claim: IdempotencyClaim): Promise<InsertResult>;
  getClaim(id: string): Promise<IdempotencyClaim | null>;
  insertTakeover(takeover: IdempotencyTakeover): Promise<InsertResult>;
  getTakeover(id: string): Promise<IdempotencyTakeover | null>;
  insertResult(result: IdempotencyResult): Promise<InsertResult>;
  getResult(id: string): Promise<IdempotencyResult | null>;
  /** Forgets a claim and its takeovers (a call that failed with a fault, so a retry runs it again). */
  release(id: string): Promise<void>;
  /** Removes every record started or completed before `before`; answers how many went. */
  sweep(before: Date): Promise<number>;
}

/** Port: rate-limit hits, one record per request, counted per key and window across processes. */
export interface ApiRateLimitStore {
  /**
   * Records one request of `key` in window number `window` and answers how many the window holds with it. An
   * insert per hit and a count: concurrent hits never undercount (two may both see the other, which only errs
   * towards refusing).
   */
  hit(key: string, window: number, at: Date): Promise<number>;
  /** Removes the hits recorded before `before`. */
  sweep(before: Date): Promise<void>;
}

/** A page of a list as the link and invoice services answer it. */
export interface ResourcePage<T> {
  data: T[];
  hasMore: boolean;
}

/** Port: a merchant's payment links (PaymentLinks). Another merchant's link is null; refusals are values. */
export interface PaymentLinksPort {
  /** Idempotent by `input.id`: the same id again answers the link already made. */
  create(input: NewPaymentLink): Promise<{ ok: true; link: PaymentLinkView } | { ok: false; reason: string }>;
  get(merchantId: string, linkId: string): Promise<PaymentLinkView | null>;
  /** Newest first, `limit` (1-100) after the link `startingAfter`. */
  list(merchantId: string, options: { limit: number; startingAfter?: string }): Promise<ResourcePage<PaymentLinkView>>;
  /** Turns the link off for good (again: no change); null when not the merchant's. */
  deactivate(merchantId: string, linkId: string): Promise<PaymentLinkView | null>;
}

/** What an invoice action answers. */
export type InvoiceOutcome = { ok: true; invoice: InvoiceView } | { ok: false; reason: string };

/** Port: a merchant's invoices (Invoices). Another merchant's invoice is null or NOT_FOUND. */
export interface InvoicesPort {
  /** A numbered draft, idempotent by `input.id`. */
  create(input: NewInvoice): Promise<InvoiceOutcome>;
  get(merchantId: string, invoiceId: string): Promise<InvoiceView | null>;
  /** Newest first, `limit` (1-100) after the invoice `startingAfter`. */
  list(merchantId: string, options: { limit: number; startingAfter?: string }): Promise<ResourcePage<InvoiceView>>;
  /** Makes its page and tells the customer, by chat (SMS when they have none) or by SMS. */
  send(merchantId: string, invoiceId: string, options: { channel: 'chat' | 'sms' }): Promise<InvoiceOutcome>;
  cancel(merchantId: string, invoiceId: string): Promise<InvoiceOutcome>;
}
