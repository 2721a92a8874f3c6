/**
 * The S3P Authorization Standard (Smobilpay S3P v2): every request carries
 * `Authorization: s3pAuth,s3pAuth_nonce="…",s3pAuth_signature="…",s3pAuth_signature_method="HMAC-SHA1",
 * s3pAuth_timestamp="…",s3pAuth_token="<public token>"`, where the signature is
 * base64(HMAC-SHA1(secret, base string)) and the base string is
 * `METHOD&rawurlencode(scheme://host[:port]/path)&rawurlencode(k1=v1&k2=v2…)`, the pairs being the query
 * parameters, the JSON body's top-level fields and the four `s3pAuth_*` fields (not the signature), sorted by
 * key, values trimmed and NOT encoded one by one (the whole joined string is encoded once).
 *
 * Sources and where they differ (both forms are accepted by `parseS3pAuthHeader`):
 * - the vendor's documentation shows the header as `s3pAuth,` followed by comma-separated pairs, no spaces;
 *   the vendor's PHP client sends `s3pAuth ` followed by `, `-separated pairs (timestamp first). We send the
 *   documented form.
 * - the PHP client encodes with rawurlencode (RFC 3986: a space is `%20`); a public Go client uses Go's
 *   QueryEscape (a space is `+`). They differ only for values with spaces or `~`; `verifyS3pSignature` accepts
 *   either, and we sign with the vendor's.
 * - the PHP client puts the port in the URL only when it is not 80/443 (as `URL.host` does).
 * - timestamps are seconds in the vendor's clients, milliseconds in some third-party ones: both are accepted.
 *
 * A newer vendor client uses OAuth2 client credentials instead; so the HTTP client depends only on
 * `RequestAuthorizer`, and an OAuth2 authorizer can replace this one without touching it.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

/** What is signed: the method, the full URL (query included or not) and the body's top-level fields. */
export interface SignableRequest {
  method: string;
  /** The absolute URL the request goes to; its query parameters are signed too. */
  url: string;
  /** The JSON body's top-level fields (POST), or nothing. */
  body?: Readonly<Record<string, unknown>>;
}

/** Gives the Authorization header of one request: S3P's HMAC today, possibly OAuth2 later. */
export interface RequestAuthorizer {
  authorize(request: SignableRequest): Promise<string>;
}

/** The four `s3pAuth_*` fields that are signed. */
export interface S3pAuthFields {
  s3pAuth_nonce: string;
  s3pAuth_signature_method: 'HMAC-SHA1';
  s3pAuth_timestamp: string;
  s3pAuth_token: string;
}

/** PHP's rawurlencode: encodeURIComponent plus the five characters it leaves alone. */
export function rawUrlEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Go's url.QueryEscape: like rawurlencode, but a space is `+` (one public client signs this way). */
function queryEscape(text: string): string {
  return rawUrlEncode(text).replace(/%20/g, '+');
}

/** A field's value as the PHP client casts it to a string before signing. */
function signedValue(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (value === true) return '1';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  // Nested values are not part of S3P's request bodies; JSON keeps the signature well defined if one appears.
  return JSON.stringify(value);
}

/** `scheme://host[:port]/path` of a URL, as the vendor's client signs it (no query, no fragment). */
function signedUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/** Every signed pair of a request: query parameters, body fields and the `s3pAuth_*` fields. */
function signedParameters(request: SignableRequest, auth: S3pAuthFields): Map<string, string> {
  const url = new URL(request.url);
  const parameters = new Map<string, string>();
  for (const [key, value] of url.searchParams) parameters.set(key, value.trim());
  for (const [key, value] of Object.entries(request.body ?? {})) parameters.set(key, signedValue(value));
  for (const [key, value] of Object.entries(auth)) parameters.set(key, String(value).trim());
  return parameters;
}

/** The base string, with `encode` for the URL and the joined parameters (rawurlencode unless told). */
export function s3pBaseString(
  request: SignableRequest,
  auth: S3pAuthFields,
  encode: (text: string) => string = rawUrlEncode,
): string {
  const url = new URL(request.url);
  const parameters = signedParameters(request, auth);
  // Code-unit order, as PHP's ksort and Go's sort.Strings order these ASCII keys.
  const joined = [...parameters.keys()]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((key) => `${key}=${parameters.get(key)}`)
    .join('&');
  return `${request.method.trim().toUpperCase()}&${encode(signedUrl(url))}&${encode(joined)}`;
}

/** base64(HMAC-SHA1(secret, base string)). */
export function s3pSignature(request: SignableRequest, auth: S3pAuthFields, secret: string): string {
  return createHmac('sha1', secret).update(s3pBaseString(request, auth)).digest('base64');
}

/** The Authorization header value in the documented form. */
export function s3pAuthHeader(auth: S3pAuthFields, signature: string): string {
  const pairs: [string, string][] = [
    ['s3pAuth_nonce', auth.s3pAuth_nonce],
    ['s3pAuth_signature', signature],
    ['s3pAuth_signature_method', auth.s3pAuth_signature_method],
    ['s3pAuth_timestamp', auth.s3pAuth_timestamp],
    ['s3pAuth_token', auth.s3pAuth_token],
  ];
  return `s3pAuth,${pairs.map(([key, value]) => `${key}="${value}"`).join(',')}`;
}

/** A parsed Authorization header: the signed fields and the signature. */
export interface ParsedS3pAuth {
  fields: S3pAuthFields;
  signature: string;
}

/** Reads `s3pAuth,k="v",…` or `s3pAuth k="v", …`; null when it is not a complete s3pAuth header. */
export function parseS3pAuthHeader(header: string | undefined): ParsedS3pAuth | null {
  const match = /^\s*s3pAuth[\s,]+(.*)$/s.exec(header ?? '');
  if (!match) return null;
  const values = new Map<string, string>();
  for (const pair of match[1]!.matchAll(/(s3pAuth_[a-z_]+)="([^"]*)"/g)) values.set(pair[1]!, pair[2]!);
  const nonce = values.get('s3pAuth_nonce');
  const signature = values.get('s3pAuth_signature');
  const method = values.get('s3pAuth_signature_method');
  const timestamp = values.get('s3pAuth_timestamp');
  const token = values.get('s3pAuth_token');
  if (!nonce || !signature || method !== 'HMAC-SHA1' || !timestamp || !token) return null;
  return {
    fields: {
      s3pAuth_nonce: nonce,
      s3pAuth_signature_method: method,
      s3pAuth_timestamp: timestamp,
      s3pAuth_token: token,
    },
    signature,
  };
}

/** The instant of an `s3pAuth_timestamp`, in seconds (the vendor's clients) or milliseconds (others). */
export function s3pTimestampMs(timestamp: string): number | null {
  if (!/^\d{1,16}$/.test(timestamp)) return null;
  const value = Number(timestamp);
  return value >= 1e12 ? value : value * 1000;
}

/** Whether `signature` is the request's, under either encoding the public clients use (compared in constant time). */
export function verifyS3pSignature(request: SignableRequest, parsed: ParsedS3pAuth, secret: string): boolean {
  const given = Buffer.from(parsed.signature);
  return [rawUrlEncode, queryEscape].some((encode) => {
    const expected = Buffer.from(
      createHmac('sha1', secret)
        .update(s3pBaseString(request, parsed.fields, encode))
        .digest('base64'),
    );
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}

export interface S3pHmacAuthorizerOptions {
  publicToken: string;
  secret: string;
  /** Seconds since the epoch, by default the system clock's. */
  now?: () => Date;
  /** A unique string per request, by default a UUID (as the vendor's PHP client). */
  nonce?: () => string;
}

/** Signs requests with S3P's HMAC-SHA1 scheme. The secret stays inside: it is never put in an error or a log. */
export class S3pHmacAuthorizer implements RequestAuthorizer {
  private readonly publicToken: string;
  private readonly secret: string;
  private readonly now: () => Date;
  private readonly nonce: () => string;

  constructor(options: S3pHmacAuthorizerOptions) {
    this.publicToken = options.publicToken;
    this.secret = options.secret;
    this.now = options.now ?? (() => new Date());
    this.nonce = options.nonce ?? randomUUID;
  }

  authorize(request: SignableRequest): Promise<string> {
    const auth: S3pAuthFields = {
      s3pAuth_nonce: this.nonce(),
      s3pAuth_signature_method: 'HMAC-SHA1',
      s3pAuth_timestamp: String(Math.floor(this.now().getTime() / 1000)),
      s3pAuth_token: this.publicToken,
    };
    return Promise.resolve(s3pAuthHeader(auth, s3pSignature(request, auth, this.secret)));
  }
}
