/**
 * The twilio package's HTTP client, pointed at another base URL. The SDK builds every URL on its fixed hosts
 * (https://api.twilio.com/2010-04-01/…), so a simulator is reached by replacing the origin of each request and
 * keeping its path and query; authentication, form encoding and response handling stay the SDK's own.
 */
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';

/** A RequestClient (pass it as the client's `httpClient`) that sends every request to `baseUrl` instead. */
export class RedirectingRequestClient extends twilio.RequestClient {
  private readonly base: URL;

  /** `baseUrl` like `http://127.0.0.1:4010` (a path prefix is kept: `http://host/twilio` → `/twilio/2010-04-01/…`). */
  constructor(baseUrl: string, options?: RequestClient.RequestClientOptions) {
    super(options);
    this.base = new URL(baseUrl);
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    const original = new URL(opts.uri);
    const prefix = this.base.pathname.replace(/\/+$/, '');
    return super.request<TData>({ ...opts, uri: `${this.base.origin}${prefix}${original.pathname}${original.search}` });
  }
}
