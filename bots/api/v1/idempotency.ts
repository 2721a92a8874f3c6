/**
 * Idempotency-Key on POST: the first call with a key runs, its response is kept and replayed to every retry with the
 * same request; the same key with another request is a 422, and a retry while the first call runs a 409. Keys are
 * per merchant. Every decision is an insert into a unique `_id` (FerretDB v1 has no transactions and no atomic
 * conditional update): the claim `<merchant>:<key>` decides who runs; a claim whose runner seems dead (no result
 * after the lock timeout) is taken over by inserting `<merchant>:<key>#<n>`, and the handler runs again, which is safe
 * because handlers derive their resource's id from the key; the first result stored stands and is what everyone
 * answers. Records live at least `retentionMs`; a sweep removes older ones (no TTL index on FerretDB).
 */
import { createHash } from 'node:crypto';
import type { Logger } from '../../../integrations/logger';
import type { ApiIdempotencyStore, IdempotencyResult } from '../ports';
import { ApiError } from './errors';
import type { ApiAnswer } from './route';

export interface IdempotencySettings {
  /** How long a call may run before another process may take its key over (its runner is deemed dead). */
  lockTimeoutMs: number;
  /** How long responses are kept at least (24 h promised); the sweep removes records older than this. */
  retentionMs: number;
}

/** Keys are 1-255 visible ASCII characters (UUIDs, order numbers). */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** The header's key, or a 400: every POST needs one. */
export function idempotencyKeyOf(header: string | undefined): string {
  if (header === undefined || header === '') {
    throw new ApiError(
      400,
      'invalid_request',
      'idempotency_key_missing',
      'Every POST needs an Idempotency-Key header (1-255 characters, e.g. a UUID).',
    );
  }
  if (!KEY_PATTERN.test(header)) {
    throw new ApiError(
      400,
      'invalid_request',
      'idempotency_key_invalid',
      'The Idempotency-Key must be 1-255 visible ASCII characters.',
    );
  }
  return header;
}

/** JSON with object keys sorted: two bodies that mean the same hash the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What identifies a request for its key: the method, the path and the body. */
export function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${path}\n${canonicalJson(body)}`)
    .digest('hex');
}

/** An answer, and whether it is a replay of a stored one. */
export type IdempotentAnswer = ApiAnswer & { replayed: boolean };

export class Idempotency {
  private lastSweep = 0;

  constructor(
    private readonly store: ApiIdempotencyStore,
    private readonly settings: IdempotencySettings,
    private readonly now: () => Date,
    private readonly logger: Logger,
  ) {}

  /** Runs `handler` once per merchant and key, or answers what the first run answered. */
  async run(
    merchantId: string,
    key: string,
    hash: string,
    handler: () => Promise<ApiAnswer>,
  ): Promise<IdempotentAnswer> {
    this.sweepNowAndThen();
    const id = `${merchantId}:${key}`;
    const done = await this.store.getResult(id);
    if (done) return replay(done, hash);
    const claimed = await this.store.insertClaim({ _id: id, requestHash: hash, startedAt: this.now() });
    if (claimed === 'inserted') return this.execute(id, hash, handler);

    const claim = await this.store.getClaim(id);
    if (claim && claim.requestHash !== hash) throw otherRequest();
    const finished = await this.store.getResult(id);
    if (finished) return replay(finished, hash);
    // Released by a call that failed meanwhile: the client retries and claims it afresh.
    if (!claim) throw inProgress(1);

    let attempt = 0;
    let startedAt = claim.startedAt;
    for (;;) {
      const takeover = await this.store.getTakeover(`${id}#${attempt + 1}`);
      if (!takeover) break;
      attempt += 1;
      startedAt = takeover.startedAt;
    }
    const runningFor = this.now().getTime() - startedAt.getTime();
    if (runningFor < this.settings.lockTimeoutMs) {
      throw inProgress(Math.ceil((this.settings.lockTimeoutMs - runningFor) / 1000));
    }
    const taken = await this.store.insertTakeover({ _id: `${id}#${attempt + 1}`, startedAt: this.now() });
    if (taken === 'duplicate') throw inProgress(Math.ceil(this.settings.lockTimeoutMs / 1000));
    this.logger.warn({ attempt: attempt + 1 }, 'idempotency key taken over after its lock timeout');
    return this.execute(id, hash, handler);
  }

  private async execute(id: string, hash: string, handler: () => Promise<ApiAnswer>): Promise<IdempotentAnswer> {
    let result: ApiAnswer;
    try {
      result = await handler();
    } catch (error) {
      // A refusal is an answer like any other and is kept; a fault frees the key so that a retry runs again.
      if (!(error instanceof ApiError) || error.status >= 500) {
        await this.store.release(id).catch((failure: unknown) => {
          this.logger.warn({ err: failure }, 'idempotency release failed');
        });
        throw error;
      }
      result = { status: error.status, body: error.body() };
    }
    const stored: IdempotencyResult = {
      _id: id,
      requestHash: hash,
      status: result.status,
      body: result.body,
      completedAt: this.now(),
    };
    if ((await this.store.insertResult(stored)) === 'duplicate') {
      // A takeover finished first: its result stands, for this caller too.
      const first = await this.store.getResult(id);
      if (first) return replay(first, hash);
    }
    return { ...result, replayed: false };
  }

  // Old records are removed at most once an hour per process, off the request's path.
  private sweepNowAndThen(): void {
    const now = this.now().getTime();
    if (now - this.lastSweep < 3_600_000) return;
    this.lastSweep = now;
    this.store
      .sweep(new Date(now - this.settings.retentionMs))
      .catch((error: unknown) => this.logger.warn({ err: error }, 'idempotency sweep failed'));
  }
}

function replay(result: IdempotencyResult, hash: string): IdempotentAnswer {
  if (result.requestHash !== hash) throw otherRequest();
  return { status: result.status, body: result.body, replayed: true };
}

function otherRequest(): ApiError {
  return new ApiError(
    422,
    'idempotency',
    'idempotency_key_reused',
    'This Idempotency-Key was used with another request; use a new key for a new request.',
  );
}

function inProgress(retryAfterSeconds: number): ApiError {
  return new ApiError(
    409,
    'idempotency',
    'idempotency_in_progress',
    'A request with this Idempotency-Key is still running; retry shortly.',
    undefined,
    { 'Retry-After': String(Math.max(1, retryAfterSeconds)) },
  );
}
