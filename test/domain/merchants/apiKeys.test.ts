import { createHash } from 'node:crypto';
import { ApiKeys, apiKeyMode } from '../../../domain/merchants/apiKeys';
import { ensureApiKeyIndexes, MongoApiKeyStore } from '../../../integrations/mongo/apiKeyStore';
import { useTestDatabase } from '../../support/database';

const now = new Date('2026-12-01T09:00:00Z');

describe('merchant API keys', () => {
  const db = useTestDatabase();
  let keys: ApiKeys;
  beforeAll(async () => {
    await ensureApiKeyIndexes(db.connection);
  });
  beforeEach(() => {
    keys = new ApiKeys({ store: new MongoApiKeyStore(db.connection), clock: () => now });
  });

  it('shows the secret once and keeps only its hash and a prefix too short to use', async () => {
    const { key, secret } = await keys.create('m_shop', { scopes: ['write', 'read'], label: 'Till 1' });
    expect(secret).toMatch(/^cpk_live_[A-Za-z0-9_-]{43}$/);
    expect(key).toEqual({
      _id: expect.stringMatching(/^key_[a-z2-7]{16}$/),
      merchantId: 'm_shop',
      secretHash: createHash('sha256').update(secret).digest('hex'),
      prefix: secret.slice(0, 12),
      scopes: ['read', 'write'],
      label: 'Till 1',
      createdAt: now,
      revokedAt: null,
    });
    const stored = await db.connection.collection('merchant_api_keys').find({ merchantId: 'm_shop' }).toArray();
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(secret.slice(12));
    expect(apiKeyMode(key)).toBe('live');
  });

  it('authenticates its secret, and refuses a wrong, malformed or revoked one', async () => {
    const { key, secret } = await keys.create('m_auth', { scopes: ['read'] });
    expect(await keys.authenticate(secret)).toEqual(key);
    const wrong = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    expect(await keys.authenticate(wrong)).toBeNull();
    for (const malformed of ['', 'cpk_live_', secret.slice(0, -1), `${secret}x`, `Bearer ${secret}`, key.secretHash]) {
      expect(await keys.authenticate(malformed)).toBeNull();
    }
    expect(await keys.revoke('m_someone_else', key._id)).toBe(false);
    expect(await keys.authenticate(secret)).toEqual(key);
    expect(await keys.revoke('m_auth', key._id)).toBe(true);
    expect(await keys.revoke('m_auth', key._id)).toBe(true);
    expect(await keys.authenticate(secret)).toBeNull();
    expect(await keys.revoke('m_auth', 'key_unknown')).toBe(false);
  });

  it('lists a merchant’s keys, revoked ones included, and makes test keys on request', async () => {
    const live = await keys.create('m_list', { scopes: ['read', 'write', 'refunds'] });
    const test = await keys.create('m_list', { scopes: ['read'], mode: 'test' });
    await keys.revoke('m_list', live.key._id);
    expect(test.secret).toMatch(/^cpk_test_/);
    expect(apiKeyMode(test.key)).toBe('test');
    const listed = await keys.list('m_list');
    expect(listed.map((k) => k._id).sort()).toEqual([live.key._id, test.key._id].sort());
    expect(listed.find((k) => k._id === live.key._id)?.revokedAt).toEqual(now);
    expect(await keys.list('m_none')).toEqual([]);
  });

  it('refuses to make a key without a scope', async () => {
    await expect(keys.create('m_noscope', { scopes: [] })).rejects.toThrow('at least one scope');
  });
});
