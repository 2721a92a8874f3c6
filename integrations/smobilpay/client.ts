/**
 * An HTTP client of Smobilpay's S3P v2 API (bill payments): `GET /ping`, `GET /service`, `GET /bill`,
 * `GET /subscription`, `POST /quotestd`, `POST /collectstd`, `GET /verifytx`. Each request is authorized by a
 * `RequestAuthorizer` (S3P's HMAC today, OAuth2 possibly later) and bounded by a timeout.
 *
 * What it promises: a 2xx answer comes back parsed; a 4xx answer with S3P's error body is thrown as
 * `SmobilpayApiError` (S3P said no: the caller decides whether that is a business outcome); anything else (a
 * timeout, the network, a 5xx, a body that is not S3P's) is thrown as `SmobilpayFault`, after which nobody knows
 * whether the request took effect. Neither error carries the secret, the Authorization header or the body.
 *
 * Facts and where they come from (where sources disagree, both forms are handled):
 * - paths and query names: the vendor's PHP client (`/bill` and `/subscription` take merchant, serviceid,
 *   serviceNumber; `/verifytx` takes ptn or trid);
 * - body fields: `quotestd {payItemId, amount}`, `collectstd {quoteId, customerPhonenumber,
 *   customerEmailaddress, serviceNumber, trid}` (the PHP client's models); the phone number is international
 *   (237…);
 * - `/verifytx` answers an ARRAY (an empty one when nothing matches), `/collectstd` an object (a public Go
 *   client's recorded answers); amounts come as strings ("1000.00") or numbers;
 * - the vendor's documentation says S3P does not check that a trid is unique: see smobilpayAggregator.ts.
 * - signature details and header forms: s3pAuth.ts.
 */
import type { z } from 'zod';
import type { RequestAuthorizer } from './s3pAuth';
import {
  s3pBillSchema,
  s3pErrorSchema,
  s3pPaymentSchema,
  s3pQuoteSchema,
  s3pServiceSchema,
  s3pSubscriptionSchema,
  type S3pBill,
  type S3pErrorBody,
  type S3pPayment,
  type S3pQuote,
  type S3pService,
  type S3pSubscription,
} from './s3pWire';

/** S3P refused the request with its error body (a 4xx). */
export class SmobilpayApiError extends Error {
  constructor(
    readonly operation: string,
    readonly httpStatus: number,
    readonly body: S3pErrorBody,
  ) {
    super(`smobilpay ${operation}: refused (HTTP ${httpStatus}, respCode ${body.respCode})`);
    this.name = 'SmobilpayApiError';
  }

  get respCode(): number {
    return this.body.respCode;
  }
}

/** The request failed in a way that says nothing of its effect: a timeout, the network, a 5xx, an odd answer. */
export class SmobilpayFault extends Error {
  constructor(
    readonly operation: string,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`smobilpay ${operation}: ${detail}`, options);
    this.name = 'SmobilpayFault';
  }
}

export interface SmobilpayClientOptions {
  /** Up to the API version, without a trailing slash: `https://s3pv2cm.smobilpay.com/v2`. */
  baseUrl: string;
  authorizer: RequestAuthorizer;
  /** How long one request may take before it is abandoned (and thrown as a fault). */
  timeoutMs: number;
}

type Query = Record<string, string | undefined>;

export class SmobilpayClient {
  private readonly baseUrl: string;
  private readonly authorizer: RequestAuthorizer;
  private readonly timeoutMs: number;

  constructor(options: SmobilpayClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.authorizer = options.authorizer;
    this.timeoutMs = options.timeoutMs;
  }

  /** `GET /ping`: whether S3P answers and accepts our credentials. */
  async ping(): Promise<unknown> {
    return this.call('ping', 'GET', '/ping', {}, undefined, (body) => body);
  }

  /** `GET /service`: every service our account may use. */
  async services(): Promise<S3pService[]> {
    return this.call('service', 'GET', '/service', {}, undefined, (body) => parse(s3pServiceSchema.array(), body));
  }

  /** `GET /bill`: the open bills of a customer of a searchable-bill service. */
  async bills(merchant: string, serviceId: string, serviceNumber: string): Promise<S3pBill[]> {
    const query = { merchant, serviceid: serviceId, serviceNumber };
    return this.call('bill', 'GET', '/bill', query, undefined, (body) => parse(s3pBillSchema.array(), body));
  }

  /** `GET /subscription`: the subscription items (offers, prepaid credit) of a customer. */
  async subscriptions(merchant: string, serviceId: string, serviceNumber: string): Promise<S3pSubscription[]> {
    const query = { merchant, serviceid: serviceId, serviceNumber };
    return this.call('subscription', 'GET', '/subscription', query, undefined, (body) =>
      parse(s3pSubscriptionSchema.array(), body),
    );
  }

  /** `POST /quotestd`: a price for paying `amount` francs on an item. */
  async quote(payItemId: string, amount: number): Promise<S3pQuote> {
    return this.call('quotestd', 'POST', '/quotestd', {}, { payItemId, amount }, (body) => parse(s3pQuoteSchema, body));
  }

  /** `POST /collectstd`: pays on a quote under our trid. */
  async collect(request: {
    quoteId: string;
    customerPhonenumber: string;
    customerEmailaddress?: string;
    serviceNumber: string;
    trid: string;
  }): Promise<S3pPayment> {
    const body: Record<string, string> = {
      quoteId: request.quoteId,
      customerPhonenumber: request.customerPhonenumber,
      serviceNumber: request.serviceNumber,
      trid: request.trid,
    };
    if (request.customerEmailaddress) body.customerEmailaddress = request.customerEmailaddress;
    return this.call('collectstd', 'POST', '/collectstd', {}, body, (answer) => parse(s3pPaymentSchema, answer));
  }

  /** `GET /verifytx?trid=` or `?ptn=`: the payments under that reference (an empty list: none). */
  async verify(reference: { trid: string } | { ptn: string }): Promise<S3pPayment[]> {
    return this.call('verifytx', 'GET', '/verifytx', reference, undefined, (body) =>
      // One object instead of a list has been seen in third-party descriptions: read both.
      parse(s3pPaymentSchema.array(), Array.isArray(body) ? body : [body]),
    );
  }

  private async call<T>(
    operation: string,
    method: 'GET' | 'POST',
    path: string,
    query: Query,
    body: Record<string, unknown> | undefined,
    read: (body: unknown) => T,
  ): Promise<T> {
    const url = new URL(`${this.baseUrl}${path}`);
    for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, value);
    const authorization = await this.authorizer.authorize({ method, url: url.toString(), body });
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method,
        headers: {
          Authorization: authorization,
          Accept: 'application/json',
          ...(body ? { 'Content-Type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      // By name, not instanceof: the DOMException may come from another realm (a test's VM context).
      const name = (error as { name?: unknown } | null)?.name;
      const timedOut = name === 'TimeoutError' || name === 'AbortError';
      throw new SmobilpayFault(operation, timedOut ? `no answer within ${this.timeoutMs} ms` : 'network error', {
        cause: error,
      });
    }
    const json = parseJson(text);
    if (response.status >= 200 && response.status < 300) {
      try {
        return read(json);
      } catch (error) {
        throw new SmobilpayFault(operation, `unexpected answer (HTTP ${response.status})`, { cause: error });
      }
    }
    const refusal = s3pErrorSchema.safeParse(json);
    if (response.status >= 400 && response.status < 500 && refusal.success) {
      throw new SmobilpayApiError(operation, response.status, refusal.data);
    }
    const code = refusal.success ? `, respCode ${refusal.data.respCode}` : '';
    throw new SmobilpayFault(operation, `HTTP ${response.status}${code}`);
  }
}

function parse<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  return schema.parse(body);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
