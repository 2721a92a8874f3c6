/**
 * Idempotency-Key on POST, with the records in the real database: twenty copies of one call at once create one
 * payment request and all end with the same answer; a retry after completion is replayed; the same key with another
 * body is a 422; keys are per merchant; a call whose process died is taken over after the lock timeout.
 */
import { useTestDatabase } from '../../support/database';
import { KEYS, useMerchantApi } from './support';

const db = useTestDatabase();
const api = useMerchantApi(db);
// A second process on the same database and services.
const sibling = useMerchantApi(db, {}, { clock: api.clock, requests: api.requests });

const aRequest = { amount: 5000, currency: 'XAF', payer: '677 12 34 56', order_reference: 'A-1' };
let keyCount = 0;
const newKey = () => `idem-${Date.now()}-${++keyCount}`;

const post = (idempotencyKey: string, body: unknown = aRequest, key: string = KEYS.all, through = api) =>
  through.call('POST', '/api/v1/payment_requests', { body, idempotencyKey, key });

/** Posts until the answer is not "still running", as a client following Retry-After would. */
async function postUntilDecided(idempotencyKey: string, through = api) {
  for (;;) {
    const response = await post(idempotencyKey, aRequest, KEYS.all, through);
    if (response.status !== 409) return response;
    expect(response.body.error.code).toBe('idempotency_in_progress');
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeEach(() => {
  api.requests.created = 0;
  api.requests.calls = 0;
  api.requests.gate = null;
});

describe('merchant API idempotency', () => {
  it('creates one payment request for twenty concurrent POSTs with one key through two processes, and gives all of them the same answer', async () => {
    const key = newKey();
    const through = (n: number) => (n % 2 === 0 ? api : sibling);
    const first = await Promise.all(Array.from({ length: 20 }, (_, n) => post(key, aRequest, KEYS.all, through(n))));
    for (const response of first) expect([201, 409]).toContain(response.status);
    const answers = await Promise.all(
      first.map((response, n) =>
        response.status === 409 ? postUntilDecided(key, through(n)) : Promise.resolve(response),
      ),
    );
    expect(api.requests.created).toBe(1);
    expect(api.requests.calls).toBe(1);
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    const bodies = new Set(answers.map((a) => JSON.stringify(a.body)));
    expect(bodies.size).toBe(1);
    expect(answers[0]!.body).toMatchObject({
      object: 'payment_request',
      amount: 5000,
      currency: 'XAF',
      payer: '237677123456',
      order_reference: 'A-1',
      source: 'api',
    });
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(19);
  });

  it('replays the stored answer to a retry after completion, even with the keys of the body in another order', async () => {
    const key = newKey();
    const created = await post(key);
    expect(created.status).toBe(201);
    expect(created.headers.get('idempotent-replayed')).toBeNull();
    const reordered = { order_reference: 'A-1', payer: '677 12 34 56', currency: 'XAF', amount: 5000 };
    const replayed = await post(key, reordered);
    expect(replayed.status).toBe(201);
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(replayed.body).toEqual(created.body);
    expect(api.requests.calls).toBe(1);
  });

  it('refuses the same key with another body with 422, and creates nothing more', async () => {
    const key = newKey();
    expect((await post(key)).status).toBe(201);
    const other = await post(key, { ...aRequest, amount: 6000 });
    expect(other.status).toBe(422);
    expect(other.body.error).toMatchObject({ type: 'idempotency', code: 'idempotency_key_reused' });
    expect(api.requests.created).toBe(1);
  });

  it('keeps keys per merchant: the same key of two merchants makes two requests', async () => {
    const key = newKey();
    const mine = await post(key);
    const theirs = await post(key, aRequest, KEYS.other);
    expect(mine.status).toBe(201);
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect(api.requests.created).toBe(2);
  });

  it('answers 409 while the first call runs, then takes a dead call over after the lock timeout', async () => {
    const key = newKey();
    let release: () => void = () => undefined;
    // The first call never ends on its own: its process is as good as dead.
    api.requests.gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const dead = post(key);
    while (api.requests.calls === 0) await new Promise((resolve) => setTimeout(resolve, 5));

    const early = await post(key);
    expect(early.status).toBe(409);
    api.clock.advance(30_000);
    expect((await post(key)).status).toBe(409);

    api.clock.advance(31_000);
    api.requests.gate = null;
    const takeover = await post(key);
    expect(takeover.status).toBe(201);
    expect(takeover.headers.get('idempotent-replayed')).toBeNull();
    expect(api.requests.calls).toBe(2);
    expect(api.requests.created).toBe(1);

    // The first call ends at last: the handler ran again on the same id (nothing more created) and the first
    // stored answer stands for it too.
    release();
    const late = await dead;
    expect(late.status).toBe(201);
    expect(late.body).toEqual(takeover.body);
    expect(late.headers.get('idempotent-replayed')).toBe('true');
    expect(api.requests.created).toBe(1);
    const retry = await post(key);
    expect(retry.body).toEqual(takeover.body);
  });

  it('keeps a refusal as the answer of its key', async () => {
    const key = newKey();
    api.requests.refuseWith = 'MERCHANT_SUSPENDED';
    try {
      const refused = await post(key);
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('merchant_suspended');
    } finally {
      api.requests.refuseWith = null;
    }
    const again = await post(key);
    expect(again.status).toBe(403);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });
});
