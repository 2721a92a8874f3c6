/**
 * A client of Orange Money Cameroon's "MP" core API (`omcoreapis/1.0.2`): an OAuth token, then merchant payments
 * (the payer gets a USSD prompt and types their PIN) and cash-in (the merchant pays a subscriber). There is no
 * public sandbox; the simulator in `simulator/` speaks the same protocol.
 *
 * What the public integrations we read agree on, and where they differ (both forms are supported):
 * - `POST /token` with Basic base64(consumerKey:consumerSecret) and the form `grant_type=client_credentials` answers
 *   `{access_token, token_type: "Bearer", expires_in}` (3600 s in every example). Every core call carries
 *   `Authorization: Bearer …` and `X-AUTH-TOKEN: base64(apiUsername:apiPassword)`.
 * - `mp/init` and `cashin/init` take no body and answer `{message, data: {payToken}}`.
 * - `mp/pay` and `cashin/pay` take `{notifUrl, channelUserMsisdn, amount, subscriberMsisdn, pin, orderId,
 *   description, payToken}`; numbers are nine digits without 237. Most clients send `amount` as a string, a few as
 *   a number: we send a string and read either. Some cash-in callers leave `notifUrl` out; we always send it.
 * - Answers are `{message, data: {payToken, status, txnid, …}}`. Merchant payments carry `inittxnstatus`,
 *   `inittxnmessage`, `confirmtxnstatus`, `confirmtxnmessage`; cash-in answers carry `txnstatus` and `txnmessage`
 *   instead. Statuses: INITIATED, PENDING, SUCCESSFULL (sic: Orange spells it with two Ls; a few wrappers also test
 *   SUCCESSFUL, so both spellings are read as success), FAILED, EXPIRED, CANCELLED.
 * - Error bodies are not documented. The API gateway answers WSO2 faults `{fault: {code, message, description}}`
 *   (also seen inside a 200), the token endpoint OAuth errors `{error, error_description}`, the core API
 *   `{code, message, description}` or `{message, data}`. All are read into OrangeMoneyError's code and message.
 *
 * Errors never carry the access token, the merchant PIN, the consumer secret or the API password: Orange's message
 * is scrubbed of them before it is put in an error.
 */
import { z } from 'zod';

/** The calls this client makes, as named in errors. */
export type OrangeOperation =
  | 'token'
  | 'mp/init'
  | 'mp/pay'
  | 'mp/paymentstatus'
  | 'mp/push'
  | 'cashin/init'
  | 'cashin/pay'
  | 'cashin/paymentstatus';

/**
 * A call to Orange failed. `http`: Orange answered an error status (`status`, with Orange's `code` and message);
 * `timeout` and `network`: no answer, so the call may or may not have taken effect; `protocol`: an answer we could
 * not read.
 */
export class OrangeMoneyError extends Error {
  override readonly name = 'OrangeMoneyError';
  readonly service = 'orange_money';

  constructor(
    readonly operation: OrangeOperation,
    readonly kind: 'http' | 'timeout' | 'network' | 'protocol',
    readonly status?: number,
    readonly code?: string,
    readonly orangeMessage?: string,
  ) {
    const detail = [status === undefined ? kind : `HTTP ${status}`, code, orangeMessage].filter(Boolean).join(' ');
    super(`Orange Money ${operation} failed: ${detail}`);
  }

  /** Orange refused the call itself (a 4xx): it did not act on it, and asking again the same way will not help. */
  get refused(): boolean {
    return this.kind === 'http' && this.status !== undefined && this.status >= 400 && this.status < 500;
  }
}

export interface OrangeMoneyClientOptions {
  /** Where the API lives, e.g. `https://api-s1.orange.cm` (no trailing slash needed). */
  baseUrl: string;
  consumerKey: string;
  consumerSecret: string;
  apiUsername: string;
  apiPassword: string;
  /** The merchant's channel user number (nine digits) and its PIN, sent with every payment. */
  channelUserMsisdn: string;
  pin: string;
  /** Each request's limit, reading the answer included. Default 15000 ms. */
  timeoutMs?: number;
  /** A token is renewed this long before it expires. Default 60000 ms. */
  tokenRenewalMarginMs?: number;
  /** Milliseconds now; a test's clock. */
  now?: () => number;
}

/** What a payment needs besides the merchant's credentials and the payToken. */
export interface OrangePaymentOrder {
  /** Nine digits, without 237. */
  subscriberMsisdn: string;
  amount: number;
  orderId: string;
  description: string;
  notifUrl: string;
}

const optionalText = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((value) => (value === null || value === undefined ? undefined : String(value)));

/** Reads a transaction (merchant payment or cash-in), numbers or strings alike; unknown fields are kept. */
const transactionSchema = z
  .object({
    payToken: z.string(),
    status: z.string(),
    txnid: optionalText,
    amount: optionalText,
    subscriberMsisdn: optionalText,
    inittxnstatus: optionalText,
    inittxnmessage: optionalText,
    confirmtxnstatus: optionalText,
    confirmtxnmessage: optionalText,
    txnstatus: optionalText,
    txnmessage: optionalText,
  })
  .passthrough();

/** A payment as Orange describes it; the fields a kind does not have are absent (see the top of this file). */
export interface OrangeTransaction {
  payToken: string;
  status: string;
  txnid?: string;
  amount?: string;
  subscriberMsisdn?: string;
  inittxnstatus?: string;
  inittxnmessage?: string;
  confirmtxnstatus?: string;
  confirmtxnmessage?: string;
  txnstatus?: string;
  txnmessage?: string;
  [field: string]: unknown;
}

const transactionAnswer = z.object({ message: z.string().optional(), data: transactionSchema });
const initAnswer = z.object({ message: z.string().optional(), data: z.object({ payToken: z.string().min(1) }) });
const tokenAnswer = z.object({ access_token: z.string().min(1), expires_in: z.coerce.number().positive() });

const CORE = '/omcoreapis/1.0.2';
const SHORTEST_SECRET_SCRUBBED = 4;

/** Orange Money's MP API; one instance per merchant account, shared by all callers (it caches the token). */
export class OrangeMoneyClient {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly renewalMarginMs: number;
  private readonly now: () => number;
  private readonly xAuthToken: string;
  private token: { value: string; renewAt: number } | null = null;
  private tokenRequest: Promise<string> | null = null;

  constructor(private readonly options: OrangeMoneyClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.renewalMarginMs = options.tokenRenewalMarginMs ?? 60_000;
    this.now = options.now ?? Date.now;
    this.xAuthToken = Buffer.from(`${options.apiUsername}:${options.apiPassword}`).toString('base64');
  }

  /** Starts a merchant payment: its payToken, which names it from now on. */
  async initPayment(): Promise<string> {
    return this.init('mp/init');
  }

  /** Sends the payer the USSD prompt for the payment `payToken` names; Orange answers it PENDING. */
  async pay(payToken: string, order: OrangePaymentOrder): Promise<OrangeTransaction> {
    return this.transaction('mp/pay', 'POST', `${CORE}/mp/pay`, this.paymentBody(payToken, order));
  }

  async paymentStatus(payToken: string): Promise<OrangeTransaction> {
    return this.transaction('mp/paymentstatus', 'GET', `${CORE}/mp/paymentstatus/${encodeURIComponent(payToken)}`);
  }

  /** Sends the payer's USSD prompt again (they missed it); the answer is Orange's, whatever its shape. */
  async push(payToken: string): Promise<unknown> {
    return this.core('mp/push', 'GET', `${CORE}/mp/push/${encodeURIComponent(payToken)}`);
  }

  /** Starts a cash-in (the merchant pays a subscriber): its payToken. */
  async initCashin(): Promise<string> {
    return this.init('cashin/init');
  }

  async cashinPay(payToken: string, order: OrangePaymentOrder): Promise<OrangeTransaction> {
    return this.transaction('cashin/pay', 'POST', `${CORE}/cashin/pay`, this.paymentBody(payToken, order));
  }

  async cashinStatus(payToken: string): Promise<OrangeTransaction> {
    const path = `${CORE}/cashin/paymentstatus/${encodeURIComponent(payToken)}`;
    return this.transaction('cashin/paymentstatus', 'GET', path);
  }

  /** The access token, from the cache until shortly before it expires; callers at once share one request. */
  async accessToken(): Promise<string> {
    if (this.token && this.now() < this.token.renewAt) return this.token.value;
    this.tokenRequest ??= this.requestToken().finally(() => {
      this.tokenRequest = null;
    });
    return this.tokenRequest;
  }

  private async requestToken(): Promise<string> {
    const basic = Buffer.from(`${this.options.consumerKey}:${this.options.consumerSecret}`).toString('base64');
    const answer = await this.send('token', 'POST', '/token', {
      headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials' }).toString(),
    });
    const parsed = tokenAnswer.safeParse(this.successBody('token', answer));
    if (!parsed.success) throw new OrangeMoneyError('token', 'protocol', answer.status, undefined, 'no access_token');
    const lifetimeMs = parsed.data.expires_in * 1000;
    // A lifetime shorter than the margin would never be cached: keep at least half of it.
    const renewAt = this.now() + lifetimeMs - Math.min(this.renewalMarginMs, lifetimeMs / 2);
    this.token = { value: parsed.data.access_token, renewAt };
    return parsed.data.access_token;
  }

  private async init(operation: 'mp/init' | 'cashin/init'): Promise<string> {
    const body = await this.core(operation, 'POST', `${CORE}/${operation}`);
    const parsed = initAnswer.safeParse(body);
    if (!parsed.success) throw new OrangeMoneyError(operation, 'protocol', 200, undefined, 'no payToken');
    return parsed.data.data.payToken;
  }

  private async transaction(
    operation: OrangeOperation,
    method: 'GET' | 'POST',
    path: string,
    body?: object,
  ): Promise<OrangeTransaction> {
    const parsed = transactionAnswer.safeParse(await this.core(operation, method, path, body));
    if (!parsed.success) throw new OrangeMoneyError(operation, 'protocol', 200, undefined, 'no transaction');
    return parsed.data.data;
  }

  private paymentBody(payToken: string, order: OrangePaymentOrder) {
    return {
      notifUrl: order.notifUrl,
      channelUserMsisdn: this.options.channelUserMsisdn,
      amount: String(order.amount),
      subscriberMsisdn: order.subscriberMsisdn,
      pin: this.options.pin,
      orderId: order.orderId,
      description: order.description,
      payToken,
    };
  }

  /** A core call with the token; a 401 means the token died early (revoked, or the gateway restarted): one renewal. */
  private async core(operation: OrangeOperation, method: 'GET' | 'POST', path: string, body?: object) {
    const call = (token: string) =>
      this.send(operation, method, path, {
        headers: {
          Authorization: `Bearer ${token}`,
          'X-AUTH-TOKEN': this.xAuthToken,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const token = await this.accessToken();
    let answer = await call(token);
    if (answer.status === 401) {
      if (this.token?.value === token) this.token = null;
      answer = await call(await this.accessToken());
    }
    return this.successBody(operation, answer);
  }

  private async send(
    operation: OrangeOperation,
    method: 'GET' | 'POST',
    path: string,
    init: { headers: Record<string, string>; body?: string },
  ): Promise<{ status: number; body: unknown }> {
    // One signal for the request and the reading of its answer: a server that sends headers then stalls times out.
    const signal = AbortSignal.timeout(this.timeoutMs);
    try {
      const response = await fetch(`${this.baseUrl}${path}`, { method, ...init, signal });
      const text = await response.text();
      return { status: response.status, body: parseJson(text) };
    } catch (error) {
      // Not `instanceof Error`: the abort is a DOMException, from another realm under some runners.
      const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
      const timedOut = name === 'TimeoutError' || name === 'AbortError';
      throw new OrangeMoneyError(operation, timedOut ? 'timeout' : 'network');
    }
  }

  /** The body of a successful answer; an error status (or a gateway fault inside a 200) throws Orange's error. */
  private successBody(operation: OrangeOperation, answer: { status: number; body: unknown }): unknown {
    const fault = isObject(answer.body) && isObject(answer.body.fault);
    if (answer.status >= 200 && answer.status < 300 && !fault) return answer.body;
    const { code, message } = orangeErrorOf(answer.body);
    throw new OrangeMoneyError(operation, 'http', answer.status, this.scrub(code), this.scrub(message));
  }

  /** Removes our secrets from a text Orange wrote (it may echo what it was sent). */
  private scrub(text: string | undefined): string | undefined {
    if (text === undefined) return undefined;
    const secrets = [
      this.options.pin,
      this.options.consumerSecret,
      this.options.apiPassword,
      this.xAuthToken,
      this.token?.value ?? '',
    ].filter((secret) => secret.length >= SHORTEST_SECRET_SCRUBBED);
    return secrets.reduce((clean, secret) => clean.split(secret).join('***'), text).slice(0, 300);
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text.slice(0, 300);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/** Orange's code and message from any of the error bodies it is known to send (see the top of this file). */
export function orangeErrorOf(body: unknown): { code?: string; message?: string } {
  if (typeof body === 'string') return { message: body };
  if (!isObject(body)) return {};
  if (isObject(body.fault)) {
    const { code, message, description } = body.fault;
    return { code: text(code), message: [text(message), text(description)].filter(Boolean).join(': ') };
  }
  if (typeof body.error === 'string') return { code: body.error, message: text(body.error_description) };
  const data = isObject(body.data) ? body.data : {};
  return {
    code: text(body.code) ?? text(data.inittxnstatus) ?? text(data.txnstatus),
    message: text(body.message) ?? text(body.description),
  };
}
