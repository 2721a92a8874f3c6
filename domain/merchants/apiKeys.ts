/**
 * Merchant API keys: made with their scopes, the secret shown once (to the caller of `create`) and kept only as its
 * SHA-256. A request's bearer secret is checked by looking its hash up: the secret itself is never compared, so
 * there is no comparison whose timing could leak it, and a stolen database holds nothing that authenticates.
 */
import { createHash, randomBytes } from 'node:crypto';
import { API_SCOPES, type ApiKey, type ApiKeyStore, type ApiScope } from './apiKey';
import { newApiKeyId } from './randomIds';

/** `live` keys act on real money; `test` keys are told apart by their prefix (`cpk_test_`). */
export type ApiKeyMode = 'live' | 'test';

/** How many characters of the secret a key's `prefix` keeps. */
const PREFIX_LENGTH = 12;
/** `cpk_live_` or `cpk_test_` and 43 base64url characters (32 random bytes). */
const SECRET_SHAPE = /^cpk_(live|test)_[A-Za-z0-9_-]{43}$/;

/** What ApiKeys needs. */
export interface ApiKeysOptions {
  store: ApiKeyStore;
  clock?: () => Date;
}

/** The hex SHA-256 a secret is kept as. */
export function hashApiSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** A key's mode, from the prefix of its secret. */
export function apiKeyMode(key: Pick<ApiKey, 'prefix'>): ApiKeyMode {
  return key.prefix.startsWith('cpk_test_') ? 'test' : 'live';
}

/** The API key service: create (secret shown once), authenticate a bearer secret, revoke, list. */
export class ApiKeys {
  private readonly store: ApiKeyStore;
  private readonly clock: () => Date;

  constructor(options: ApiKeysOptions) {
    this.store = options.store;
    this.clock = options.clock ?? (() => new Date());
  }

  /**
   * Makes a key for the merchant with these scopes. `secret` is the only copy of the secret there will ever be:
   * show it to the merchant once, never log or store it.
   */
  async create(
    merchantId: string,
    options: { scopes: ApiScope[]; label?: string; mode?: ApiKeyMode },
  ): Promise<{ key: ApiKey; secret: string }> {
    const scopes = API_SCOPES.filter((scope) => options.scopes.includes(scope));
    if (scopes.length === 0) throw new Error('an API key needs at least one scope');
    for (;;) {
      const secret = `cpk_${options.mode ?? 'live'}_${randomBytes(32).toString('base64url')}`;
      const key: ApiKey = {
        _id: newApiKeyId(),
        merchantId,
        secretHash: hashApiSecret(secret),
        prefix: secret.slice(0, PREFIX_LENGTH),
        scopes,
        label: (options.label ?? '').replace(/\s+/g, ' ').trim().slice(0, 60),
        createdAt: this.clock(),
        revokedAt: null,
      };
      // A duplicate would be a repeated 256-bit secret or 80-bit id: draw again rather than fail.
      if ((await this.store.insertKey(key)) === 'inserted') return { key, secret };
    }
  }

  /** The key a bearer secret names, or null when it is malformed, unknown or revoked. */
  async authenticate(secret: string): Promise<ApiKey | null> {
    if (typeof secret !== 'string' || !SECRET_SHAPE.test(secret)) return null;
    const key = await this.store.bySecretHash(hashApiSecret(secret));
    if (!key || key.revokedAt !== null) return null;
    return key;
  }

  /** Revokes one of the merchant's keys: false when it has no such key. Revoking again is fine (the first time stands). */
  async revoke(merchantId: string, keyId: string): Promise<boolean> {
    const key = await this.store.getKey(keyId);
    if (!key || key.merchantId !== merchantId) return false;
    if (key.revokedAt === null) await this.store.revoke(keyId, this.clock());
    return true;
  }

  /** The merchant's keys, newest first, revoked ones included (never their secrets, which are not kept). */
  async list(merchantId: string): Promise<ApiKey[]> {
    const keys = await this.store.byMerchant(merchantId);
    return keys.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a._id < b._id ? 1 : -1));
  }
}
