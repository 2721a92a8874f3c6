/**
 * A client for Notch Pay's payments API (a Cameroonian provider: cards and mobile money on one hosted checkout
 * page, in XAF): initialize a payment and get the page (`authorization_url`) the payer is sent to, then retrieve
 * the payment by reference to learn how it went. Card numbers never reach us: the payer types them on Notch Pay's
 * page (PCI DSS SAQ-A).
 *
 * Why Notch Pay for cards: Stripe does not onboard Cameroonian merchants. CinetPay (`POST /v2/payment` →
 * `payment_url`, `/v2/payment/check`, a form-encoded IPN with an `x-token` HMAC over its `cpm_*` fields, amounts in
 * multiples of 5) serves XAF too but is mobile-money first and documents no card token for merchants. Flutterwave
 * (`POST /v3/payments`, `GET /v3/transactions/{id}/verify`) has real card tokens (`data.card.token`, valid a year,
 * charged again with 3-D Secure by default) but is Nigerian, and its XAF card acceptance for a Cameroonian
 * merchant depends on an account review. Notch Pay is Cameroonian, takes XAF by default, signs its webhooks with
 * a plain HMAC of the raw body and has the simplest hosted page; it lists a customer's payment methods
 * (`pm.…` ids) but documents no way to charge a saved card without the payer: saved cards are not promised.
 *
 * Facts, and where sources disagree (both forms are supported):
 * - Base URL `https://api.notchpay.co`; every call sends the public key as the bare `Authorization` header (no
 *   "Bearer"). The private key goes in `X-Grant` only for transfers, balance, beneficiaries and webhooks: payments
 *   do not need it, and it is sent only when configured. (A community Node SDK sends it as `Grant-Authorization`.)
 * - Initialize: the current reference says `POST /payments`; the PHP SDKs and the WooCommerce plugin call
 *   `POST /payments/initialize`. `initializePath` chooses (default `/payments`). Body `{amount, currency,
 *   customer: {name?, email?, phone?}, description (≤256), callback, reference}`; XAF amounts are whole francs.
 *   Answer 201 `{status: "Accepted", message, code: 201, transaction: {reference: "trx.…", merchant_reference,
 *   trxref, status: "pending", amount, currency, …}, authorization_url}`. A reference already used: 409; invalid
 *   fields: 422 `{message, errors}`; a bad key: 401 (403 for a bad `X-Grant`).
 * - Retrieve: `GET /payments/{reference}`, answered 200 (the reference shows 202) `{code, status, message,
 *   transaction}`; one guide reads `payment`, another `data`: all three are read. Which reference it accepts is
 *   unconfirmed: Notch Pay's own (`trx.…`) surely, ours (`merchant_reference`) per one guide; the rail asks by
 *   Notch Pay's when it knows it.
 * - Cancel: `DELETE /payments/{reference}` (Notch Pay's API reference, "Cancel a payment") answers 202 `{code: 202,
 *   status: "Accepted", message: "Your payment has been canceled"}`; any 2xx is read as done. What it answers for a
 *   payment that already ended is not documented: a 4xx other than 401/403/404 is read as "refused", and the
 *   payment's status (asked next) says how it ended. Notch Pay documents no field that shortens a checkout's life,
 *   so a checkout we no longer hold money for is cancelled rather than created short.
 * - Statuses: pending, processing, incomplete (transitional); complete, failed, canceled, rejected, abandoned,
 *   expired (after 3 hours), refunded, partialy-refunded (sic).
 */
import { z } from 'zod';

/** Settings of the client; the keys are secrets and never appear in errors or logs. */
export interface NotchPayClientOptions {
  /** `https://api.notchpay.co`, or the simulator's base URL. */
  baseUrl: string;
  /** The public key (`pk.…`, `pk_test.…`), sent as `Authorization`. */
  publicKey: string;
  /** The private key, sent as `X-Grant` when set (payments do not need it). */
  privateKey?: string;
  /** Per call; a call that takes longer fails with kind `timeout`. Default 15 s. */
  timeoutMs?: number;
  /** `/payments` (the current reference, default) or `/payments/initialize` (the SDKs). */
  initializePath?: '/payments' | '/payments/initialize';
}

/** What we ask Notch Pay to collect. */
export interface InitializePayment {
  /** Whole francs for XAF. */
  amount: number;
  currency: 'XAF';
  customer: { phone: string; email?: string; name?: string };
  description: string;
  /** Where the payer's browser returns after the page (Notch Pay adds `reference`, `trxref`, `status`). */
  callback: string;
  /** Our reference, unique per payment (Notch Pay's `merchant_reference`). */
  reference: string;
}

/** A payment as Notch Pay describes it (the fields we use). */
export interface NotchPayPayment {
  /** Notch Pay's own reference, `trx.…`. */
  reference: string;
  /** Ours, as sent (undefined if Notch Pay does not echo it). */
  merchantReference?: string;
  status: string;
  amount: number;
  currency: string;
}

/** An initialized payment and its hosted page. */
export interface InitializedPayment {
  payment: NotchPayPayment;
  authorizationUrl: string;
}

/** Why a call failed: the HTTP answer's meaning, or no answer at all. */
export type NotchPayErrorKind =
  | 'unauthorized' // 401, 403: a key is wrong; nothing was done
  | 'duplicate_reference' // 409: the reference is taken; nothing new was done
  | 'invalid_request' // 400, 422: refused as written; nothing was done
  | 'not_found' // 404
  | 'server_error' // 5xx, or an answer we cannot read: Notch Pay may or may not have acted
  | 'timeout' // no answer in time: it may or may not have acted
  | 'network'; // the connection failed

/** A failed call to Notch Pay. Its message names the operation and the HTTP status, never a key. */
export class NotchPayError extends Error {
  override readonly name = 'NotchPayError';
  constructor(
    readonly operation: 'initialize' | 'retrieve' | 'cancel',
    readonly kind: NotchPayErrorKind,
    readonly httpStatus: number | undefined,
    /** Notch Pay's `message`, and the fields its `errors` name (422). */
    readonly providerMessage?: string,
    readonly fields: readonly string[] = [],
  ) {
    super(
      `Notch Pay ${operation} failed: ${kind}${httpStatus === undefined ? '' : ` (HTTP ${httpStatus})`}` +
        (providerMessage ? `: ${providerMessage.slice(0, 200)}` : ''),
    );
  }

  /** True when Notch Pay surely did nothing (so a refusal can be promised). */
  get certainlyNotDone(): boolean {
    return this.kind === 'unauthorized' || this.kind === 'invalid_request';
  }
}

const transactionSchema = z
  .object({
    reference: z.string().min(1),
    merchant_reference: z.string().nullish(),
    trxref: z.string().nullish(),
    status: z.string().min(1),
    amount: z.coerce.number(),
    currency: z.string(),
  })
  .passthrough();

const initializedSchema = z
  .object({ transaction: transactionSchema, authorization_url: z.string().url() })
  .passthrough();

// The reference shows `transaction`; one guide reads `payment`, another `data`.
const retrievedSchema = z
  .object({
    transaction: transactionSchema.optional(),
    payment: transactionSchema.optional(),
    data: z.unknown().optional(),
  })
  .passthrough();

const errorBodySchema = z.object({ message: z.string().optional(), errors: z.unknown().optional() }).passthrough();

/** Notch Pay's payments API over HTTP. */
export class NotchPayClient {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly initializePath: string;

  constructor(private readonly options: NotchPayClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.initializePath = options.initializePath ?? '/payments';
  }

  /** Creates the payment and its hosted page. Throws NotchPayError (409: `duplicate_reference`). */
  async initialize(request: InitializePayment): Promise<InitializedPayment> {
    const customer = {
      phone: request.customer.phone,
      ...(request.customer.email === undefined ? {} : { email: request.customer.email }),
      ...(request.customer.name === undefined ? {} : { name: request.customer.name }),
    };
    const body = {
      amount: request.amount,
      currency: request.currency,
      customer,
      description: request.description.slice(0, 256),
      callback: request.callback,
      reference: request.reference,
    };
    const answer = await this.call('initialize', 'POST', this.initializePath, body);
    const parsed = initializedSchema.safeParse(answer);
    if (!parsed.success) throw new NotchPayError('initialize', 'server_error', 201, 'unreadable answer');
    return { payment: paymentOf(parsed.data.transaction), authorizationUrl: parsed.data.authorization_url };
  }

  /** The payment as Notch Pay knows it now, or null when it never heard of the reference (404). */
  async retrieve(reference: string): Promise<NotchPayPayment | null> {
    let answer: unknown;
    try {
      answer = await this.call('retrieve', 'GET', `/payments/${encodeURIComponent(reference)}`);
    } catch (error) {
      if (error instanceof NotchPayError && error.kind === 'not_found') return null;
      throw error;
    }
    const parsed = retrievedSchema.safeParse(answer);
    const data = parsed.success ? transactionSchema.safeParse(parsed.data.data) : undefined;
    const transaction = parsed.data?.transaction ?? parsed.data?.payment ?? (data?.success ? data.data : undefined);
    if (!transaction) throw new NotchPayError('retrieve', 'server_error', 200, 'unreadable answer');
    return paymentOf(transaction);
  }

  /**
   * Asks Notch Pay to cancel a payment not yet made. `canceled`: Notch Pay accepted (2xx); `refused`: it would not
   * (the payment ended, or is being paid); `not_found`: it never heard of the reference. Throws NotchPayError on a
   * fault (a timeout, a 5xx, a wrong key): it may or may not have canceled, and `retrieve` says which.
   */
  async cancel(reference: string): Promise<'canceled' | 'refused' | 'not_found'> {
    try {
      await this.call('cancel', 'DELETE', `/payments/${encodeURIComponent(reference)}`);
      return 'canceled';
    } catch (error) {
      if (!(error instanceof NotchPayError)) throw error;
      if (error.kind === 'not_found') return 'not_found';
      if (error.kind === 'invalid_request' || error.kind === 'duplicate_reference') return 'refused';
      throw error;
    }
  }

  private async call(
    operation: NotchPayError['operation'],
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<unknown> {
    const headers: Record<string, string> = { Authorization: this.options.publicKey, Accept: 'application/json' };
    if (this.options.privateKey) headers['X-Grant'] = this.options.privateKey;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      // The cause is not kept: undici's errors can carry the request, and with it the keys.
      const timedOut = isTimeout(error) || isTimeout((error as { cause?: unknown } | undefined)?.cause);
      throw new NotchPayError(operation, timedOut ? 'timeout' : 'network', undefined);
    }
    let text: string;
    try {
      text = await response.text();
    } catch {
      throw new NotchPayError(operation, 'timeout', response.status, 'the answer was cut off');
    }
    const json = parseJson(text);
    if (response.ok) return json;
    const error = errorBodySchema.safeParse(json);
    const message = error.success ? error.data.message : undefined;
    const fields = error.success ? fieldsOf(error.data.errors) : [];
    throw new NotchPayError(operation, kindOf(response.status), response.status, message, fields);
  }
}

// By name, not instanceof: the abort is a DOMException, which is not an Error of every realm (jest's, for one).
function isTimeout(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}

function kindOf(status: number): NotchPayErrorKind {
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 409) return 'duplicate_reference';
  if (status === 404) return 'not_found';
  if (status === 400 || status === 422) return 'invalid_request';
  return 'server_error';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The field names of a Laravel-style `errors` object (`{amount: ["…"]}`). */
function fieldsOf(errors: unknown): string[] {
  return errors !== null && typeof errors === 'object' && !Array.isArray(errors) ? Object.keys(errors) : [];
}

function paymentOf(transaction: z.infer<typeof transactionSchema>): NotchPayPayment {
  const merchantReference = transaction.merchant_reference ?? transaction.trxref ?? undefined;
  return {
    reference: transaction.reference,
    ...(merchantReference ? { merchantReference } : {}),
    status: transaction.status,
    amount: transaction.amount,
    currency: transaction.currency,
  };
}
