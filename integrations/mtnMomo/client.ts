/**
 * A typed HTTP client of MTN MoMo's Open API (collection and disbursement), on Node's fetch.
 *
 * What it relies on, and where public sources disagree (the client accepts every form seen):
 * - Token: `POST /{product}/token/` with `Authorization: Basic base64(apiUser:apiKey)` and the product's
 *   `Ocp-Apim-Subscription-Key`, no body → `{access_token, token_type, expires_in}` (seconds). One token per
 *   product; it is cached until `tokenRenewalMarginMs` before it ends, and a 401 on a call drops it and retries the
 *   call once with a new one (a token can be revoked before its time).
 * - Every call: `Authorization: Bearer`, the subscription key, `X-Target-Environment` (`sandbox`, `mtncameroon`).
 * - `POST /collection/v1_0/requesttopay` and `POST /disbursement/v1_0/transfer` answer 202 with no body;
 *   `X-Reference-Id` (a UUID v4, see referenceId.ts) names the payment, a repeat answers 409
 *   `RESOURCE_ALREADY_EXIST`. The status GETs answer 200 even for a failed payment; 404 for a reference MTN never
 *   accepted.
 * - A failed payment's `reason` is a string (`"APPROVAL_REJECTED"`) in MTN's sandbox answers and its SDKs'
 *   examples, but an object `{code, message}` in MTN's older API description: both are read.
 * - Error bodies: the wallet platform answers `{code, message}`; the API gateway in front of it answers
 *   `{statusCode, message}` (401 for a bad subscription key); the token endpoint has been seen answering
 *   `{error}`. The error's `code` is whichever is present.
 * - `INVALID_CURRENCY`: MTN's error list gives it with HTTP 500 and also lists a currency that does not match the
 *   environment under 400; the status and code are passed on as they come.
 * - `accountholder/msisdn/{msisdn}/active` → `{result: boolean}`; `…/basicuserinfo` → `{given_name, family_name,
 *   name, …}` (MTN's SDK examples); `account/balance` → `{availableBalance, currency}`.
 *
 * Errors are MtnMomoError: the HTTP status and MTN's code, never the token, the API key or the subscription key.
 */
import { z } from 'zod';
import { AccessTokens, type FetchedToken } from './accessTokens';

/** MTN's products this client speaks: each has its own subscription key and token. */
export type MtnProduct = 'collection' | 'disbursement';

export interface MtnMomoClientOptions {
  /** e.g. `https://sandbox.momodeveloper.mtn.com`, `https://proxy.momoapi.mtn.com` or the local simulator. */
  baseUrl: string;
  /** `sandbox` (EUR) or `mtncameroon` (XAF). */
  targetEnvironment: string;
  apiUser: string;
  apiKey: string;
  subscriptionKeys: Readonly<Record<MtnProduct, string>>;
  /** How long one HTTP request may take, answer body included. Default 10 000 ms. */
  timeoutMs?: number;
  /** How long before its end a token is renewed. Default 60 000 ms. */
  tokenRenewalMarginMs?: number;
  clock?: () => Date;
}

/** A request to pay (the payer is prompted) or a transfer (the payee is paid), as MTN's body wants it. */
export interface MtnPaymentOrder {
  /** The amount as MTN wants it: a string of the currency's units. */
  amount: string;
  currency: string;
  /** Our reference in MTN's records (not required to be unique by MTN). */
  externalId: string;
  /** The payer (request to pay) or payee (transfer): digits with the country code, no '+'. */
  msisdn: string;
  payerMessage?: string;
  payeeNote?: string;
  /** Where MTN calls back when the payment ends (its host must be the API user's callback host). */
  callbackUrl?: string;
}

/** What MTN says about one payment. */
export interface MtnTransaction {
  status: 'PENDING' | 'SUCCESSFUL' | 'FAILED';
  /** Why it failed (MTN's code), when it did. */
  reason: string | null;
  amount: string | null;
  currency: string | null;
  externalId: string | null;
  financialTransactionId: string | null;
}

/** The name MTN holds for an account holder. */
export interface MtnBasicUserInfo {
  givenName: string | null;
  familyName: string | null;
  /** MTN's full name field, when it sends one. */
  name: string | null;
}

export interface MtnBalance {
  availableBalance: string;
  currency: string;
}

/** How a call went wrong: an HTTP answer other than the expected one, no answer in time, or no connection. */
export type MtnFailureKind = 'http' | 'timeout' | 'network' | 'bad_response';

/** A call to MTN that did not give the expected answer. Holds the status and MTN's code; never credentials. */
export class MtnMomoError extends Error {
  override readonly name = 'MtnMomoError';
  constructor(
    readonly operation: string,
    readonly kind: MtnFailureKind,
    readonly status: number | null,
    readonly code: string | null,
    /** MTN's own words, if any (its message, not ours: it never holds our credentials). */
    readonly mtnMessage: string | null = null,
  ) {
    super(
      kind === 'http'
        ? `MTN MoMo ${operation}: HTTP ${status ?? '?'}${code ? ` ${code}` : ''}`
        : `MTN MoMo ${operation}: ${kind === 'timeout' ? 'no answer in time' : kind === 'network' ? 'could not connect' : 'unreadable answer'}`,
    );
  }
}

const tokenAnswer = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().nonnegative(),
});

const transactionAnswer = z.object({
  status: z.enum(['PENDING', 'SUCCESSFUL', 'FAILED']),
  reason: z.union([z.string(), z.object({ code: z.string().optional() }).passthrough(), z.null()]).optional(),
  amount: z.union([z.string(), z.number()]).optional(),
  currency: z.string().optional(),
  externalId: z.union([z.string(), z.number()]).optional(),
  financialTransactionId: z.union([z.string(), z.number()]).optional(),
});

const errorAnswer = z
  .object({
    code: z.union([z.string(), z.number()]).optional(),
    error: z.string().optional(),
    statusCode: z.number().optional(),
    message: z.string().optional(),
  })
  .passthrough();

interface Answer {
  status: number;
  body: unknown;
}

/** MTN MoMo's Open API for one API user in one target environment. */
export class MtnMomoClient {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly clock: () => Date;
  private readonly tokens: AccessTokens;

  constructor(private readonly options: MtnMomoClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.clock = options.clock ?? (() => new Date());
    this.tokens = new AccessTokens(
      (product) => this.fetchToken(product),
      options.tokenRenewalMarginMs ?? 60_000,
      this.clock,
    );
  }

  /** How many tokens this client asked for (a test and a metric; never the tokens themselves). */
  get tokenRequests(): number {
    return this.tokens.requests;
  }

  /** Asks the payer to pay; resolves when MTN accepted it (202). */
  async requestToPay(referenceId: string, order: MtnPaymentOrder): Promise<void> {
    await this.order('collection', 'requestToPay', '/collection/v1_0/requesttopay', 'payer', referenceId, order);
  }

  /** Pays the payee from our disbursement account; resolves when MTN accepted it (202). */
  async transfer(referenceId: string, order: MtnPaymentOrder): Promise<void> {
    await this.order('disbursement', 'transfer', '/disbursement/v1_0/transfer', 'payee', referenceId, order);
  }

  /** A request to pay's status; throws MtnMomoError 404 for a reference MTN never accepted. */
  requestToPayStatus(referenceId: string): Promise<MtnTransaction> {
    return this.transaction('collection', 'requestToPayStatus', `/collection/v1_0/requesttopay/${enc(referenceId)}`);
  }

  /** A transfer's status; throws MtnMomoError 404 for a reference MTN never accepted. */
  transferStatus(referenceId: string): Promise<MtnTransaction> {
    return this.transaction('disbursement', 'transferStatus', `/disbursement/v1_0/transfer/${enc(referenceId)}`);
  }

  /** Whether the number holds an active MoMo account. */
  async isAccountHolderActive(msisdn: string, product: MtnProduct = 'collection'): Promise<boolean> {
    const path = `/${product}/v1_0/accountholder/msisdn/${enc(msisdn)}/active`;
    const answer = await this.call(product, 'accountHolderActive', 'GET', path, {}, undefined, [200]);
    const parsed = z.object({ result: z.union([z.boolean(), z.string()]) }).safeParse(answer.body);
    if (!parsed.success) throw new MtnMomoError('accountHolderActive', 'bad_response', answer.status, null);
    // MTN's SDK documents answer `true`; another SDK's example shows `"1"`: both mean active.
    return parsed.data.result === true || parsed.data.result === 'true' || parsed.data.result === '1';
  }

  /** The name MTN holds for the number; throws MtnMomoError (404 and others) when MTN has none to give. */
  async basicUserInfo(msisdn: string, product: MtnProduct = 'collection'): Promise<MtnBasicUserInfo> {
    const path = `/${product}/v1_0/accountholder/msisdn/${enc(msisdn)}/basicuserinfo`;
    const answer = await this.call(product, 'basicUserInfo', 'GET', path, {}, undefined, [200]);
    const parsed = z
      .object({ given_name: z.string().nullish(), family_name: z.string().nullish(), name: z.string().nullish() })
      .safeParse(answer.body);
    if (!parsed.success) throw new MtnMomoError('basicUserInfo', 'bad_response', answer.status, null);
    const { given_name, family_name, name } = parsed.data;
    return { givenName: given_name ?? null, familyName: family_name ?? null, name: name ?? null };
  }

  /** The product account's available balance. */
  async balance(product: MtnProduct): Promise<MtnBalance> {
    const answer = await this.call(product, 'balance', 'GET', `/${product}/v1_0/account/balance`, {}, undefined, [200]);
    const parsed = z
      .object({ availableBalance: z.union([z.string(), z.number()]), currency: z.string() })
      .safeParse(answer.body);
    if (!parsed.success) throw new MtnMomoError('balance', 'bad_response', answer.status, null);
    return { availableBalance: String(parsed.data.availableBalance), currency: parsed.data.currency };
  }

  private async order(
    product: MtnProduct,
    operation: string,
    path: string,
    party: 'payer' | 'payee',
    referenceId: string,
    order: MtnPaymentOrder,
  ): Promise<void> {
    const body = {
      amount: order.amount,
      currency: order.currency,
      externalId: order.externalId,
      [party]: { partyIdType: 'MSISDN', partyId: order.msisdn },
      ...(order.payerMessage === undefined ? {} : { payerMessage: order.payerMessage }),
      ...(order.payeeNote === undefined ? {} : { payeeNote: order.payeeNote }),
    };
    const headers: Record<string, string> = { 'X-Reference-Id': referenceId };
    if (order.callbackUrl !== undefined) headers['X-Callback-Url'] = order.callbackUrl;
    await this.call(product, operation, 'POST', path, headers, body, [202]);
  }

  private async transaction(product: MtnProduct, operation: string, path: string): Promise<MtnTransaction> {
    const answer = await this.call(product, operation, 'GET', path, {}, undefined, [200]);
    const parsed = transactionAnswer.safeParse(answer.body);
    if (!parsed.success) throw new MtnMomoError(operation, 'bad_response', answer.status, null);
    const data = parsed.data;
    const reason = typeof data.reason === 'string' ? data.reason : (data.reason?.code ?? null);
    return {
      status: data.status,
      reason: data.status === 'FAILED' ? (reason ?? null) : null,
      amount: data.amount === undefined ? null : String(data.amount),
      currency: data.currency ?? null,
      externalId: data.externalId === undefined ? null : String(data.externalId),
      financialTransactionId: data.financialTransactionId === undefined ? null : String(data.financialTransactionId),
    };
  }

  /** One authorized call; a 401 drops the token and retries once with a new one. */
  private async call(
    product: MtnProduct,
    operation: string,
    method: 'GET' | 'POST',
    path: string,
    headers: Record<string, string>,
    body: unknown,
    expected: number[],
  ): Promise<Answer> {
    for (let attempt = 1; ; attempt += 1) {
      const token = await this.tokens.get(product);
      const answer = await this.send(
        operation,
        method,
        path,
        {
          ...headers,
          Authorization: `Bearer ${token}`,
          'Ocp-Apim-Subscription-Key': this.options.subscriptionKeys[product],
          'X-Target-Environment': this.options.targetEnvironment,
        },
        body,
      );
      if (answer.status === 401 && attempt === 1) {
        this.tokens.drop(product, token);
        continue;
      }
      if (!expected.includes(answer.status)) throw httpError(operation, answer);
      return answer;
    }
  }

  private async fetchToken(product: MtnProduct): Promise<FetchedToken> {
    const operation = `${product}Token`;
    const basic = Buffer.from(`${this.options.apiUser}:${this.options.apiKey}`).toString('base64');
    const obtainedAt = this.clock().getTime();
    const answer = await this.send(operation, 'POST', `/${product}/token/`, {
      Authorization: `Basic ${basic}`,
      'Ocp-Apim-Subscription-Key': this.options.subscriptionKeys[product],
    });
    if (answer.status !== 200) throw httpError(operation, answer);
    const parsed = tokenAnswer.safeParse(answer.body);
    if (!parsed.success) throw new MtnMomoError(operation, 'bad_response', answer.status, null);
    return { value: parsed.data.access_token, obtainedAt, lifetimeMs: parsed.data.expires_in * 1000 };
  }

  private async send(
    operation: string,
    method: 'GET' | 'POST',
    path: string,
    headers: Record<string, string>,
    body?: unknown,
  ): Promise<Answer> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    try {
      const response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: body === undefined ? headers : { ...headers, 'Content-Type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal,
      });
      const text = await response.text();
      return { status: response.status, body: parseJson(text) };
    } catch (error) {
      // The cause is left out on purpose: fetch's errors can carry the request, headers included.
      const timedOut = signal.aborted || (error instanceof Error && error.name === 'TimeoutError');
      throw new MtnMomoError(operation, timedOut ? 'timeout' : 'network', null, null);
    }
  }
}

function httpError(operation: string, answer: Answer): MtnMomoError {
  const parsed = errorAnswer.safeParse(answer.body);
  const body = parsed.success ? parsed.data : {};
  const code = body.code !== undefined ? String(body.code) : (body.error ?? null);
  return new MtnMomoError(operation, 'http', answer.status, code, body.message ?? null);
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}
