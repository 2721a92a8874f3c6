/** Merchant API keys in memory: the twin of the MongoDB store (a secret's hash is unique as its index makes it). */
import type { InsertResult } from '../../domain/ledger/ledgerStore';
import type { ApiKey, ApiKeyStore } from '../../domain/merchants/apiKey';
import { roundTrip, Table } from './table';

export class MemoryApiKeyStore implements ApiKeyStore {
  private readonly keys = new Table<ApiKey>();

  async insertKey(key: ApiKey): Promise<InsertResult> {
    await roundTrip();
    if (this.keys.find((k) => k.secretHash === key.secretHash).length > 0) return 'duplicate';
    return this.keys.insert(key);
  }

  async bySecretHash(secretHash: string): Promise<ApiKey | null> {
    await roundTrip();
    return this.keys.find((k) => k.secretHash === secretHash)[0] ?? null;
  }

  async getKey(id: string): Promise<ApiKey | null> {
    await roundTrip();
    return this.keys.get(id);
  }

  async byMerchant(merchantId: string): Promise<ApiKey[]> {
    await roundTrip();
    return this.keys.find((k) => k.merchantId === merchantId);
  }

  async revoke(id: string, at: Date): Promise<void> {
    await roundTrip();
    const key = this.keys.get(id);
    if (key && key.revokedAt === null) this.keys.put({ ...key, revokedAt: at });
  }
}
