/**
 * Sends a webhook delivery over HTTP(S): one POST, a deadline for the whole exchange, redirects never followed
 * (a 3xx is an answer like any other, so a redirect cannot lead us somewhere the merchant's URL did not say), the
 * answer's body read up to a cap and only until the deadline (a 2xx whose body trickles still acknowledges).
 *
 * Built on node:http rather than fetch for one reason: the address check against SSRF has to happen when the
 * connection is made, on the address DNS gave then (a name may resolve to a public address when the endpoint is
 * registered and to 127.0.0.1 later), and only a `lookup` of our own sees it. Literal IP hosts are checked before
 * connecting (they skip the lookup).
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isPublicAddress } from '../../domain/merchants/webhooks/endpointUrl';
import type {
  WebhookRequest,
  WebhookSendError,
  WebhookSendResult,
  WebhookSender,
} from '../../domain/merchants/webhooks/webhookSender';

export interface HttpWebhookSenderOptions {
  /** WEBHOOK_TIMEOUT_MS: the whole exchange, from connecting to the end of the body read. */
  timeoutMs: number;
  /** WEBHOOK_ALLOW_HTTP: plain http URLs (development and tests). */
  allowHttp: boolean;
  /** WEBHOOK_ALLOW_PRIVATE_ADDRESSES: loopback and private addresses (development and tests). */
  allowPrivateAddresses: boolean;
  /** How much of the answer's body is kept. Default 4 KiB. */
  maxBodyBytes?: number;
}

/** Thrown inside a lookup that resolved to a forbidden address; never leaves this file. */
class BlockedAddressError extends Error {
  override readonly name = 'BlockedAddressError';
}

/** The WebhookSender port over node:http and node:https. */
export class HttpWebhookSender implements WebhookSender {
  private readonly maxBodyBytes: number;

  constructor(private readonly options: HttpWebhookSenderOptions) {
    this.maxBodyBytes = options.maxBodyBytes ?? 4096;
  }

  send(request: WebhookRequest): Promise<WebhookSendResult> {
    const started = performance.now();
    const failed = (error: WebhookSendError, message: string): WebhookSendResult => ({
      answered: false,
      error,
      message,
      durationMs: performance.now() - started,
    });
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return Promise.resolve(failed('invalid_url', 'the URL does not parse'));
    }
    const client = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : null;
    if (client === null || (client === http && !this.options.allowHttp)) {
      return Promise.resolve(failed('invalid_url', `${url.protocol} URLs are not allowed`));
    }
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    if (!this.options.allowPrivateAddresses && isLiteralAddress(host) && !isPublicAddress(host)) {
      return Promise.resolve(failed('blocked_address', 'the address is not public'));
    }

    return new Promise<WebhookSendResult>((resolve) => {
      let settled = false;
      const finish = (result: WebhookSendResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        req.destroy();
        resolve(result);
      };
      let response: IncomingMessage | null = null;
      const chunks: Buffer[] = [];
      let kept = 0;
      const answered = (): WebhookSendResult => ({
        answered: true,
        status: response?.statusCode ?? 0,
        body: Buffer.concat(chunks).toString('utf8'),
        durationMs: performance.now() - started,
      });

      const req = client.request(url, {
        method: 'POST',
        headers: { ...request.headers, 'Content-Length': String(Buffer.byteLength(request.body)) },
        agent: false,
        ...(this.options.allowPrivateAddresses ? {} : { lookup: publicOnlyLookup }),
      });
      const deadline = setTimeout(() => {
        // Once the status is known the answer counts, whatever the body still owes.
        if (response) finish(answered());
        else finish(failed('timeout', `no answer within ${this.options.timeoutMs} ms`));
      }, this.options.timeoutMs);

      req.on('response', (res) => {
        response = res;
        res.on('data', (chunk: Buffer) => {
          if (kept >= this.maxBodyBytes) return;
          const part = chunk.subarray(0, this.maxBodyBytes - kept);
          chunks.push(part);
          kept += part.length;
          if (kept >= this.maxBodyBytes) finish(answered());
        });
        res.on('end', () => finish(answered()));
        res.on('error', () => finish(answered()));
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (response) return finish(answered());
        if (error instanceof BlockedAddressError || error.name === 'BlockedAddressError') {
          return finish(failed('blocked_address', 'the host resolves to an address that is not public'));
        }
        if (error.code === 'ECONNREFUSED') return finish(failed('refused', 'connection refused'));
        // The message of a network error names the host and code, never a header (the signature stays out).
        return finish(failed('network', `${error.code ?? error.name}`.slice(0, 100)));
      });
      req.end(request.body);
    });
  }
}

function isLiteralAddress(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}

/** dns.lookup that refuses every answer holding an address that is not public. */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    const blocked = addresses.length === 0 || addresses.some((a) => !isPublicAddress(a.address));
    if (blocked) return callback(new BlockedAddressError(`${hostname} is not public`), '', 0);
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    const first = addresses[0] as LookupAddress;
    return callback(null, first.address, first.family);
  });
};
