/**
 * Merchant API keys: a bearer secret shown once at creation, kept only as a SHA-256 hash (a key is 256 random bits,
 * so a fast hash is enough: there is nothing to guess), revocable, each with scopes.
 */
import type { InsertResult } from '../ledger/ledgerStore';

/** `read`: GET anything. `write`: create requests, links, invoices, endpoints. `refunds`: refund payments. */
export const API_SCOPES = ['read', 'write', 'refunds'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export interface ApiKey {
  /** `key_` and 16 random base32 characters; public, names the key in lists and logs. */
  _id: string;
  merchantId: string;
  /** Hex SHA-256 of the whole secret; unique. */
  secretHash: string;
  /** The secret's first 12 characters (`cpk_live_ab3`), so a person can tell keys apart; never enough to use. */
  prefix: string;
  scopes: ApiScope[];
  label: string;
  createdAt: Date;
  revokedAt: Date | null;
}

/** Port: where API keys are kept. */
export interface ApiKeyStore {
  insertKey(key: ApiKey): Promise<InsertResult>;
  bySecretHash(secretHash: string): Promise<ApiKey | null>;
  getKey(id: string): Promise<ApiKey | null>;
  byMerchant(merchantId: string): Promise<ApiKey[]>;
  revoke(id: string, at: Date): Promise<void>;
}
