/**
 * Rate limits per key, counted in the real database (so across processes: two servers share one count), answered 429
 * with Retry-After and X-RateLimit-* headers; and lists: `limit` 1-100 (default 10), `starting_after`, `has_more`.
 */
import { useTestDatabase } from '../../support/database';
import { aView, KEYS, MERCHANT_ID, OTHER_MERCHANT_ID, useMerchantApi } from './support';

const db = useTestDatabase();
const limits = { rateLimit: { requests: 5, windowSeconds: 10 } };
const api = useMerchantApi(db, limits);
// A second process on the same database, with its own clock set to the same instant.
const sibling = useMerchantApi(db, limits);

describe('merchant API rate limits', () => {
  it('counts the requests of a key across processes and answers 429 with Retry-After past the limit', async () => {
    // Start at the beginning of a window, 4 s before its end once 6 s pass.
    const windowStart = Math.ceil(api.clock.now().getTime() / 10_000) * 10_000;
    api.clock.advance(windowStart - api.clock.now().getTime() + 6_000);
    sibling.clock.advance(api.clock.now().getTime() - sibling.clock.now().getTime());

    const answers = [];
    for (let n = 0; n < 5; n += 1) {
      answers.push(await (n % 2 === 0 ? api : sibling).call('GET', '/api/v1/merchant', { key: KEYS.readOnly }));
    }
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers.map((a) => a.headers.get('x-ratelimit-remaining'))).toEqual(['4', '3', '2', '1', '0']);
    expect(answers[0]!.headers.get('x-ratelimit-limit')).toBe('5');
    expect(answers[0]!.headers.get('x-ratelimit-reset')).toBe(String((windowStart + 10_000) / 1000));

    const limited = await sibling.call('GET', '/api/v1/merchant', { key: KEYS.readOnly });
    expect(limited.status).toBe(429);
    expect(limited.body.error).toMatchObject({ type: 'rate_limit', code: 'rate_limited' });
    expect(limited.headers.get('retry-after')).toBe('4');
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');

    // Another key has its own count; the next window starts afresh.
    expect((await api.call('GET', '/api/v1/merchant', { key: KEYS.all })).status).toBe(200);
    api.clock.advance(4_000);
    expect((await api.call('GET', '/api/v1/merchant', { key: KEYS.readOnly })).status).toBe(200);
  });
});

describe('merchant API lists', () => {
  beforeAll(() => {
    for (let n = 0; n < 25; n += 1) {
      const view = aView({
        id: `mpr_${String(n).padStart(24, '0')}`,
        createdAt: new Date(Date.UTC(2026, 11, 1, 8, n)),
        ...(n % 5 === 0 ? { status: 'paid', paidAt: new Date(Date.UTC(2026, 11, 1, 9, n)) } : {}),
      });
      api.requests.views.set(view.id, view);
    }
    api.requests.views.set('mpr_other', aView({ id: 'mpr_other', merchantId: OTHER_MERCHANT_ID }));
  });
  // Each test uses its own window's budget.
  beforeEach(() => api.clock.advance(10_000));

  it('answers 10 by default, newest first, and pages with starting_after until has_more is false', async () => {
    const first = await api.call('GET', '/api/v1/payment_requests');
    expect(first.status).toBe(200);
    expect(first.body.object).toBe('list');
    expect(first.body.has_more).toBe(true);
    expect(first.body.data).toHaveLength(10);
    expect(first.body.data[0]).toMatchObject({ object: 'payment_request', id: `mpr_${'24'.padStart(24, '0')}` });
    const seen: string[] = first.body.data.map((r: { id: string }) => r.id);
    let after = seen[seen.length - 1]!;
    for (;;) {
      const page = await api.call('GET', `/api/v1/payment_requests?limit=10&starting_after=${after}`);
      seen.push(...page.body.data.map((r: { id: string }) => r.id));
      if (!page.body.has_more) break;
      after = seen[seen.length - 1]!;
    }
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    expect(seen).not.toContain('mpr_other');
    expect(seen.every((id) => api.requests.views.get(id)?.merchantId === MERCHANT_ID)).toBe(true);
  });

  it('lists only paid requests as payments', async () => {
    const { body } = await api.call('GET', '/api/v1/payments?limit=100');
    expect(body.has_more).toBe(false);
    expect(body.data).toHaveLength(5);
    for (const payment of body.data) {
      expect(payment.object).toBe('payment');
      expect(payment.paid_at).toMatch(/^2026-12-01T09:/);
    }
  });

  it.each(['0', '101', 'ten', '2.5'])('refuses limit=%s with 400 naming limit', async (limit) => {
    const { status, body } = await api.call('GET', `/api/v1/payment_requests?limit=${limit}`);
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ type: 'invalid_request', field: 'limit' });
  });

  it('refuses an unknown query parameter', async () => {
    const { status, body } = await api.call('GET', '/api/v1/payment_requests?ending_before=x');
    expect(status).toBe(400);
    expect(body.error.code).toBe('parameter_unknown');
  });
});
