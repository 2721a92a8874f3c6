/**
 * The merchant API's door and its one error shape: bearer keys (401 for none, unknown or revoked), scopes (403 naming
 * the scope), bad JSON, bad amounts and currencies (400 naming the field), unknown routes (404) and faults (500
 * without a stack), all as `{error: {type, code, message, field?}}`.
 */
import { useTestDatabase } from '../../support/database';
import { KEYS, useMerchantApi } from './support';

const db = useTestDatabase();
const api = useMerchantApi(db);

const aRequest = { amount: 5000, currency: 'XAF', payer: '677 12 34 56' };
let keyCount = 0;
const newKey = () => `key-${Date.now()}-${++keyCount}`;

describe('merchant API authentication and scopes', () => {
  it('answers 401 without a key, with a malformed header, and with an unknown or revoked key', async () => {
    for (const key of [null, 'cpk_unknown_key', KEYS.revoked]) {
      const { status, body, headers } = await api.call('GET', '/api/v1/merchant', { key });
      expect(status).toBe(401);
      expect(body.error.type).toBe('authentication');
      expect(headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
    const malformed = await api.call('GET', '/api/v1/merchant', { key: null, headers: { authorization: 'Basic abc' } });
    expect(malformed.status).toBe(401);
    expect(malformed.body.error.code).toBe('api_key_missing');
  });

  it('answers 403 naming the missing scope: GET needs read, POST needs write', async () => {
    const read = await api.call('GET', '/api/v1/payment_requests', { key: KEYS.writeOnly });
    expect(read.status).toBe(403);
    expect(read.body.error).toMatchObject({ type: 'permission', code: 'scope_missing' });
    expect(read.body.error.message).toContain('"read"');
    const write = await api.call('POST', '/api/v1/payment_requests', {
      key: KEYS.readOnly,
      body: aRequest,
      idempotencyKey: newKey(),
    });
    expect(write.status).toBe(403);
    expect(write.body.error.message).toContain('"write"');
    expect(api.requests.calls).toBe(0);
  });

  it("serves the key's merchant with its balance in francs", async () => {
    const { status, body } = await api.call('GET', '/api/v1/merchant', { key: KEYS.readOnly });
    expect(status).toBe(200);
    expect(body).toEqual({
      object: 'merchant',
      id: 'm_aaaaaaaaaaaaaaaa',
      name: 'Boutique Mama Ngono',
      category: 'retail',
      status: 'active',
      kyc_level: 'verified',
      balance: { amount: 125_000, currency: 'XAF' },
    });
  });
});

describe('merchant API errors', () => {
  it('answers bad JSON with 400 invalid_request, not the server shape', async () => {
    const { status, body } = await api.call('POST', '/api/v1/payment_requests', {
      rawBody: '{"amount": 5000,',
      idempotencyKey: newKey(),
    });
    expect(status).toBe(400);
    expect(body).toEqual({
      error: { type: 'invalid_request', code: 'body_invalid_json', message: 'The body is not valid JSON.' },
    });
  });

  it('answers a body over the size limit with 413 in the same shape', async () => {
    const { status, body } = await api.call('POST', '/api/v1/payment_requests', {
      body: { ...aRequest, description: 'x'.repeat(40_000) },
      idempotencyKey: newKey(),
    });
    expect(status).toBe(413);
    expect(body.error).toMatchObject({ type: 'invalid_request', code: 'body_too_large' });
  });

  it('answers a body that is not a JSON object with 400', async () => {
    const { status, body } = await api.call('POST', '/api/v1/payment_requests', {
      idempotencyKey: newKey(),
      headers: { 'content-type': 'text/plain' },
    });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ type: 'invalid_request', code: 'body_not_json_object' });
    const array = await api.call('POST', '/api/v1/payment_requests', { body: [aRequest], idempotencyKey: newKey() });
    expect(array.status).toBe(400);
    expect(array.body.error.code).toBe('body_not_json_object');
  });

  it.each([
    ['a fractional amount', { ...aRequest, amount: 10.5 }, 'amount'],
    ['a negative amount', { ...aRequest, amount: -5 }, 'amount'],
    ['an amount as a string', { ...aRequest, amount: '5000' }, 'amount'],
    ['another currency', { ...aRequest, currency: 'EUR' }, 'currency'],
    ['no currency', { amount: 5000, payer: '677123456' }, 'currency'],
    ['an unknown field', { ...aRequest, metadata: 1 }, 'metadata'],
    ['a payer outside Cameroon', { ...aRequest, payer: '+33 6 12 34 56 78' }, 'payer'],
  ])('answers %s with 400 naming the field', async (_name, request, field) => {
    const { status, body } = await api.call('POST', '/api/v1/payment_requests', {
      body: request,
      idempotencyKey: newKey(),
    });
    expect(status).toBe(400);
    expect(body.error.type).toBe('invalid_request');
    expect(typeof body.error.code).toBe('string');
    expect(typeof body.error.message).toBe('string');
    expect(body.error.field).toBe(field);
    expect(api.requests.created).toBe(0);
  });

  it('requires an Idempotency-Key of 1-255 characters on every POST', async () => {
    const missing = await api.call('POST', '/api/v1/payment_requests', { body: aRequest });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('idempotency_key_missing');
    const tooLong = await api.call('POST', '/api/v1/payment_requests', {
      body: aRequest,
      idempotencyKey: 'k'.repeat(256),
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.code).toBe('idempotency_key_invalid');
    expect(api.requests.calls).toBe(0);
  });

  it('answers an unknown route with 404 and a known path with another method with 405, in the same shape', async () => {
    const unknown = await api.call('GET', '/api/v1/nothing/here');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ type: 'not_found', code: 'route_not_found' });
    const method = await api.call('DELETE', '/api/v1/payment_requests');
    expect(method.status).toBe(405);
    expect(method.body.error.code).toBe('method_not_allowed');
    expect(method.headers.get('allow')).toBe('POST, GET');
  });

  it('answers a missing resource with 404 naming it', async () => {
    const { status, body } = await api.call('GET', '/api/v1/payment_requests/mpr_nothing');
    expect(status).toBe(404);
    expect(body.error).toMatchObject({ type: 'not_found', code: 'payment_request_not_found', field: 'id' });
  });

  it('maps a refusal of the service to its status and code', async () => {
    api.requests.refuseWith = 'ABOVE_PAYMENT_LIMIT';
    try {
      const { status, body } = await api.call('POST', '/api/v1/payment_requests', {
        body: aRequest,
        idempotencyKey: newKey(),
      });
      expect(status).toBe(400);
      expect(body.error).toMatchObject({ type: 'invalid_request', code: 'above_payment_limit', field: 'amount' });
    } finally {
      api.requests.refuseWith = null;
    }
  });

  it('answers a fault with a bare 500: no stack, no message of the fault', async () => {
    const original = api.requests.get.bind(api.requests);
    api.requests.get = async () => {
      throw new Error('database exploded at /secret/path');
    };
    try {
      const { status, body } = await api.call('GET', '/api/v1/payment_requests/mpr_x');
      expect(status).toBe(500);
      expect(body).toEqual({
        error: { type: 'api_error', code: 'internal_error', message: 'Something went wrong on our side; retry later.' },
      });
      expect(JSON.stringify(body)).not.toContain('exploded');
    } finally {
      api.requests.get = original;
    }
    expect(api.logs()).toContain('database exploded');
    expect(api.logs()).not.toContain(KEYS.all);
  });
});
