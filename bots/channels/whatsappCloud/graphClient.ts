/**
 * The WhatsApp Cloud API's send call: `POST {base}/{version}/{phone-number-id}/messages` with `Authorization:
 * Bearer <access token>` and `{messaging_product: "whatsapp", recipient_type: "individual", to, type, …}`, answered
 * `{messaging_product, contacts: [{input, wa_id}], messages: [{id: "wamid…"}]}`, or a Graph error `{error: {message,
 * type, code, error_data: {details}, fbtrace_id}}`.
 *
 * Errors are read by their Graph `code` (Meta's advice; titles are being deprecated) and by HTTP status:
 * - 131047 (more than 24 hours since the person last wrote: a template is needed) → OUTSIDE_WINDOW, final;
 * - 130429 (throughput reached), 131056 (too many messages to this one person), 80007 (account rate limit), or an
 *   HTTP 429 → RATE_LIMITED, tried again. Meta answers a rate limit with HTTP 400 and the code in some references
 *   and with HTTP 429 in others: both are read as a rate limit;
 * - 131026 (undeliverable: not on WhatsApp, old app, terms not accepted), 131030 (not an allowed test recipient)
 *   → INVALID_NUMBER, final. Meta often reports these later, in a `failed` status webhook, after accepting the
 *   message: the channel records those on the notice instead (cloudChannel.ts);
 * - HTTP 5xx, or codes 1, 2, 131000, 131016 (unknown error, service down, "something went wrong", overloaded)
 *   → UNAVAILABLE, tried again;
 * - 190 or HTTP 401 (token expired or revoked) → UNAUTHORIZED, final here (our configuration, not the message);
 * - anything else (a parameter refused…) → REFUSED, final.
 *
 * No double sends: the Graph API takes no idempotency key, so a call is repeated only when Meta said it did not
 * take the message (a rate limit or a server error answer) or when the connection was refused (nothing reached
 * it). A call that timed out or lost its connection after sending may have been taken: it is not repeated here and
 * is reported UNAVAILABLE (the outbox then tries the notice again later, the one case where it could go twice; a
 * reply in a conversation is not tried again).
 */
import type { CloudMessage } from './cloudRenderer';

export type GraphFailure =
  'OUTSIDE_WINDOW' | 'RATE_LIMITED' | 'INVALID_NUMBER' | 'UNAVAILABLE' | 'UNAUTHORIZED' | 'REFUSED';

export type GraphSendResult =
  | { ok: true; messageId: string; attempts: number }
  | { ok: false; reason: GraphFailure; code?: number; status?: number; attempts: number };

export interface GraphClientOptions {
  /** WHATSAPP_CLOUD_GRAPH_URL: https://graph.facebook.com, or a simulator. */
  baseUrl: string;
  /** WHATSAPP_CLOUD_GRAPH_VERSION, e.g. v24.0. */
  version: string;
  /** WHATSAPP_CLOUD_PHONE_NUMBER_ID: our business number's id (not the number itself). */
  phoneNumberId: string;
  /** WHATSAPP_CLOUD_ACCESS_TOKEN (secret): a system user's token. */
  accessToken: string;
  /** Per call (WHATSAPP_CLOUD_TIMEOUT_MS). */
  timeoutMs?: number;
  /** The waits before each new try after a rate limit or a server error; as many tries again as waits. */
  retryDelaysMs?: readonly number[];
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_GRAPH_TIMEOUT_MS = 10_000;
/** Short: a person is waiting for the reply; the outbox's own backoff takes over for notices. */
export const DEFAULT_GRAPH_RETRY_DELAYS_MS: readonly number[] = [500, 2000, 5000];

const RATE_LIMIT_CODES = new Set([130429, 131056, 80007]);
const UNAVAILABLE_CODES = new Set([1, 2, 131000, 131016]);
const INVALID_NUMBER_CODES = new Set([131026, 131030]);

type Attempt = { ok: true; messageId: string } | { ok: false; reason: GraphFailure; code?: number; status?: number };

export class GraphApiClient {
  private readonly url: string;
  private readonly retryDelaysMs: readonly number[];
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: GraphClientOptions) {
    const base = options.baseUrl.replace(/\/+$/, '');
    this.url = `${base}/${encodeURIComponent(options.version)}/${encodeURIComponent(options.phoneNumberId)}/messages`;
    this.retryDelaysMs = options.retryDelaysMs ?? DEFAULT_GRAPH_RETRY_DELAYS_MS;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Sends one message to a number (international digits, e.g. 2376…); tries again only where it cannot go twice. */
  async send(to: string, message: CloudMessage): Promise<GraphSendResult> {
    const body = JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', to, ...message });
    for (let attempt = 1; ; attempt += 1) {
      const { retry, ...result } = await this.attempt(body);
      if (result.ok) return { ...result, attempts: attempt };
      const delay = this.retryDelaysMs[attempt - 1];
      if (!(retry ?? retryable(result)) || delay === undefined) return { ...result, attempts: attempt };
      await this.sleep(delay);
    }
  }

  private async attempt(body: string): Promise<Attempt & { retry?: boolean }> {
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: { Authorization: `Bearer ${this.options.accessToken}`, 'Content-Type': 'application/json' },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? DEFAULT_GRAPH_TIMEOUT_MS),
      });
    } catch (error) {
      // Refused: nothing reached Meta, safe to repeat. Timed out or cut: it may have been taken, so never repeated.
      return { ok: false, reason: 'UNAVAILABLE', retry: connectionRefused(error) };
    }
    const answer = (await response.json().catch(() => null)) as GraphAnswer | null;
    if (response.ok) {
      const messageId = answer?.messages?.[0]?.id;
      if (typeof messageId === 'string' && messageId !== '') return { ok: true, messageId };
      // Taken (a 2xx) but unreadable: sending again could deliver it twice.
      return { ok: false, reason: 'UNAVAILABLE', status: response.status, retry: false };
    }
    const code = typeof answer?.error?.code === 'number' ? answer.error.code : undefined;
    return { ok: false, reason: failureOf(response.status, code), status: response.status, ...(code ? { code } : {}) };
  }
}

interface GraphAnswer {
  messages?: { id?: unknown }[];
  error?: { code?: unknown };
}

function failureOf(status: number, code: number | undefined): GraphFailure {
  if (code === 131047) return 'OUTSIDE_WINDOW';
  if (status === 429 || (code !== undefined && RATE_LIMIT_CODES.has(code))) return 'RATE_LIMITED';
  if (code !== undefined && INVALID_NUMBER_CODES.has(code)) return 'INVALID_NUMBER';
  if (status >= 500 || (code !== undefined && UNAVAILABLE_CODES.has(code))) return 'UNAVAILABLE';
  if (status === 401 || code === 190) return 'UNAUTHORIZED';
  return 'REFUSED';
}

/** Meta answered that it did not take the message (a rate limit, a server error). */
function retryable(result: Attempt): boolean {
  return !result.ok && (result.reason === 'RATE_LIMITED' || result.reason === 'UNAVAILABLE');
}

function connectionRefused(error: unknown): boolean {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  return cause?.code === 'ECONNREFUSED';
}
