/**
 * autocannon 8 (a dev dependency without type definitions), typed for the part the benchmarks use: a run in this
 * process with per-connection request generators (`setupClient` + `client.setRequests`), without its printed
 * table or progress bar.
 */

/** One request of a connection's sequence; `setupRequest` builds it just before it is sent. */
export interface LoadRequest {
  method?: 'GET' | 'POST';
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Returns the request to send (null ends the sequence early). */
  setupRequest?: (request: LoadRequest, context: Record<string, unknown>) => LoadRequest | null;
  /** The response to this request: status, whole body, the connection's context and the headers. */
  onResponse?: (
    status: number,
    body: string,
    context: Record<string, unknown>,
    headers: Record<string, unknown>,
  ) => void;
}

/** A connection, as `setupClient` receives it. */
export interface LoadClient {
  /** Replaces this connection's request sequence (cycled through in order). */
  setRequests(requests: LoadRequest[]): void;
}

export interface LoadOptions {
  url: string;
  connections: number;
  /** Seconds. */
  duration: number;
  /** Requests in flight per connection; 1 (the default) waits for each response before sending the next. */
  pipelining?: number;
  /** Seconds a response may take before the connection is dropped and counted as a timeout. */
  timeout?: number;
  requests?: LoadRequest[];
  /** Called once per connection, before it sends anything. */
  setupClient?: (client: LoadClient) => void;
}

/** Latency percentiles in milliseconds. */
export interface LoadLatency {
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface LoadResult {
  /** Seconds the run took. */
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  resets: number;
  '2xx': number;
  latency: LoadLatency & { totalCount: number };
  requests: { total: number; sent: number; average: number };
  statusCodeStats: Record<string, { count: number }>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (options: LoadOptions) => Promise<LoadResult>;

/** Runs autocannon and resolves with its result. */
export function runLoad(options: LoadOptions): Promise<LoadResult> {
  return autocannon(options);
}
