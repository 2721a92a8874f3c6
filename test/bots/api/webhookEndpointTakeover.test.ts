/**
 * POST /webhook_endpoints taken over after a crash: the endpoint's id derives from the Idempotency-Key, so a retry
 * whose first call registered the endpoint and died before answering gets that endpoint and its secret, not a
 * second one; a call under the same key that registered other fields is a conflict.
 */
import { clientIdFor } from '../../../bots/api/v1/clientIds';
import { useTestDatabase } from '../../support/database';
import { MERCHANT_ID, useMerchantApi } from './support';

const db = useTestDatabase();
const api = useMerchantApi(db);

const body = { url: 'https://shop.example.cm/hooks/takeover', events: ['payment.succeeded'] };

describe('registering a webhook endpoint through the API', () => {
  it('answers the endpoint the dead first call registered, with its secret, and registers no second one', async () => {
    const idempotencyKey = `takeover-${Date.now()}`;
    const before = (await api.webhooks.listEndpoints(MERCHANT_ID)).length;
    // What the first call did before its process died: the service ran, the answer was never stored.
    const dead = await api.webhooks.createEndpoint(MERCHANT_ID, {
      ...body,
      id: clientIdFor('api', MERCHANT_ID, idempotencyKey),
    });
    if (!dead.ok) throw new Error(dead.reason);

    const retry = await api.call('POST', '/api/v1/webhook_endpoints', { body, idempotencyKey });
    expect(retry.status).toBe(201);
    expect(retry.body).toMatchObject({ object: 'webhook_endpoint', id: dead.endpoint._id, secret: dead.secret });
    expect(await api.webhooks.listEndpoints(MERCHANT_ID)).toHaveLength(before + 1);

    const replay = await api.call('POST', '/api/v1/webhook_endpoints', { body, idempotencyKey });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(retry.body);

    const another = await api.call('POST', '/api/v1/webhook_endpoints', {
      body,
      idempotencyKey: `${idempotencyKey}-2`,
    });
    expect(another.status).toBe(201);
    expect(another.body.id).not.toBe(dead.endpoint._id);
    expect(await api.webhooks.listEndpoints(MERCHANT_ID)).toHaveLength(before + 2);
  });

  it('is a 409 conflict when the call under the key registered another url', async () => {
    const idempotencyKey = `conflict-${Date.now()}`;
    await api.webhooks.createEndpoint(MERCHANT_ID, {
      url: 'https://shop.example.cm/hooks/elsewhere',
      events: ['*'],
      id: clientIdFor('api', MERCHANT_ID, idempotencyKey),
    });
    const retry = await api.call('POST', '/api/v1/webhook_endpoints', { body, idempotencyKey });
    expect(retry.status).toBe(409);
    expect(retry.body.error).toMatchObject({ type: 'conflict', code: 'conflict' });
    expect(JSON.stringify(retry.body)).not.toContain('whsec_');
  });
});
