/**
 * Port to where payment requests and the steps of their lives are kept. A step's unique `_id`
 * (`<request>#<seq>`) decides every race; the request's `state` is only a cache of what the steps decided.
 */
import type { AccountId, Rail } from '../ledger/accounts';
import type { InsertResult } from '../ledger/ledgerStore';
import type { Msisdn } from '../phone';

/** The steps that end a request. */
export type TerminalStepKind = 'paid' | 'declined' | 'cancelled' | 'expired';
/** Every kind of step: an attempt to pay (`paying`), an attempt that failed, or an end. */
export type StepKind = 'paying' | 'failed' | TerminalStepKind;

/** `open` until a terminal step was seen and announced: a cache for listing and for the worker, never a decision. */
export type RequestState = 'open' | TerminalStepKind;

/** Where a merchant's request came from: typed in chat, made through the API, or opened from a link or an invoice. */
export type MerchantRequestSource = 'chat' | 'api' | 'link' | 'invoice';

/**
 * What a merchant's request carries besides the amount: the merchant's own order reference (the key of `/order 42`
 * and of the API's order tracking, not unique: an order may be asked again after a request expired) and where the
 * request came from (`sourceId`: the link's or the invoice's id).
 */
export interface MerchantRequestFacts {
  orderReference: string | null;
  source: MerchantRequestSource;
  sourceId: string | null;
  /** The merchant's cash point the request was made at (domain/merchants/team/cashPoint.ts); absent: none. */
  cashPointId?: string | null;
  /** The team member (a cashier) who made it; absent: the owner or the API. */
  cashier?: Msisdn | null;
}

/** A request as made, under the caller's id; only `state` (a cache) ever changes. */
export interface PaymentRequest {
  _id: string;
  requester: { kind: 'wallet' | 'merchant'; account: AccountId; name: string; contact: Msisdn };
  payer: Msisdn;
  amount: number;
  reason: string;
  createdAt: Date;
  expiresAt: Date;
  state: RequestState;
  /**
   * The request's short reference (domain/shortReference.ts), reserved under `preq:<id>` before the request is
   * written, and carried by the transfers that pay it (`preq:<id>:<seq>`): the request's receipt, both sides'
   * notices and both history lines quote it. Absent on requests made before short references.
   */
  shortReference?: string;
  /** On a merchant's request only. */
  merchant?: MerchantRequestFacts;
}

/** One step of a request's life; `_id` is `<requestId>#<seq>` and its uniqueness decides every race. */
export interface RequestStep {
  _id: string;
  requestId: string;
  seq: number;
  kind: StepKind;
  /** The caller's id of the pay attempt (on `paying` and its outcome). */
  payId: string | null;
  /** The attempt's ledger transfer (on `paying` and its outcome). */
  transferId: string | null;
  fee: number | null;
  /** Why an attempt failed (the ledger's refusal, or the rail's reason). */
  reason: string | null;
  at: Date;
  /**
   * On an attempt through a rail (the pay page) and its outcome: the rail that collects and the number it prompts.
   * Absent on a payment from the payer's wallet.
   */
  rail?: Rail;
  railPayer?: Msisdn;
}

/** Port: where requests and their steps are kept. `insertStep` decides; `setState` only caches. */
export interface PaymentRequestStore {
  insertRequest(request: PaymentRequest): Promise<InsertResult>;
  getRequest(id: string): Promise<PaymentRequest | null>;
  insertStep(step: RequestStep): Promise<InsertResult>;
  getStep(id: string): Promise<RequestStep | null>;
  /** Every step of one request, in any order. */
  steps(requestId: string): Promise<RequestStep[]>;
  setState(id: string, state: RequestState): Promise<void>;
  /** Requests to this payer whose cached state is `state`. */
  byPayer(payer: Msisdn, state: RequestState): Promise<PaymentRequest[]>;
  /** Requests made by this account, any state. */
  byRequester(account: AccountId): Promise<PaymentRequest[]>;
  /** A merchant's requests for one of its order references, any state, in any order. */
  byOrder(account: AccountId, orderReference: string): Promise<PaymentRequest[]>;
  /** Requests whose cached state is open, for the worker. */
  open(limit: number): Promise<PaymentRequest[]>;
}
