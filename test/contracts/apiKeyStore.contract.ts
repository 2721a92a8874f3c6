/**
 * What API keys rely on from their store, run against every implementation: a key is found by its secret's hash
 * (unique) and by id, listed per merchant, and revoked once (the first revocation's time stands).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ApiKey, ApiKeyStore } from '../../domain/merchants/apiKey';
import { anId, at } from './fixtures';
import { byId, type MakeSubject } from './subject';

function aKey(overrides: Partial<ApiKey> = {}): ApiKey {
  return {
    _id: anId('key'),
    merchantId: anId('m'),
    secretHash: createHash('sha256').update(randomBytes(32)).digest('hex'),
    prefix: 'cpk_live_abc',
    scopes: ['read', 'write'],
    label: 'till',
    createdAt: at(0),
    revokedAt: null,
    ...overrides,
  };
}

export function describeApiKeyStoreContract(name: string, makeSubject: MakeSubject<ApiKeyStore>): void {
  describe(`ApiKeyStore contract: ${name}`, () => {
    let store: ApiKeyStore;
    let anotherProcess: () => ApiKeyStore;
    beforeEach(async () => {
      ({ store, anotherProcess } = await makeSubject());
    });

    it('finds a key by the hash of its secret and by id, and nothing for unknown ones', async () => {
      const key = aKey();
      expect(await store.insertKey(key)).toBe('inserted');
      expect(await anotherProcess().bySecretHash(key.secretHash)).toEqual(key);
      expect(await store.getKey(key._id)).toEqual(key);
      expect(await store.bySecretHash('0'.repeat(64))).toBeNull();
      expect(await store.getKey(anId('key'))).toBeNull();
    });

    it('never keeps two keys with one secret hash, nor two with one id', async () => {
      const key = aKey();
      await store.insertKey(key);
      expect(await store.insertKey(aKey({ secretHash: key.secretHash }))).toBe('duplicate');
      expect(await store.insertKey(aKey({ _id: key._id }))).toBe('duplicate');
      expect(await store.bySecretHash(key.secretHash)).toEqual(key);
    });

    it('lists the keys of one merchant only', async () => {
      const merchantId = anId('m');
      const mine = [aKey({ merchantId }), aKey({ merchantId, scopes: ['read'] })];
      for (const key of [...mine, aKey()]) await store.insertKey(key);
      expect(byId(await store.byMerchant(merchantId))).toEqual(byId(mine));
      expect(await store.byMerchant(anId('m'))).toEqual([]);
    });

    it('revokes a key once: the first time stands', async () => {
      const key = aKey();
      await store.insertKey(key);
      await store.revoke(key._id, at(5));
      await anotherProcess().revoke(key._id, at(9));
      expect(await store.getKey(key._id)).toEqual({ ...key, revokedAt: at(5) });
      expect(await store.bySecretHash(key.secretHash)).toEqual({ ...key, revokedAt: at(5) });
    });
  });
}
