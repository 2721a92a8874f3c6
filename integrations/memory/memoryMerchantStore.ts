/** Merchants in memory: the twin of the MongoDB store (the first insert stands; an owner has one merchant). */
import type { InsertResult } from '../../domain/ledger/ledgerStore';
import type { Merchant, MerchantKycLevel, MerchantStatus } from '../../domain/merchants/merchant';
import type { MerchantStore } from '../../domain/merchants/merchantStore';
import type { Msisdn } from '../../domain/phone';
import { roundTrip, Table } from './table';

export class MemoryMerchantStore implements MerchantStore {
  private readonly merchants = new Table<Merchant>();

  async insertMerchant(merchant: Merchant): Promise<InsertResult> {
    await roundTrip();
    if (this.merchants.find((m) => m.owner === merchant.owner).length > 0) return 'duplicate';
    return this.merchants.insert(merchant);
  }

  async getMerchant(id: string): Promise<Merchant | null> {
    await roundTrip();
    return this.merchants.get(id);
  }

  async byOwner(owner: Msisdn): Promise<Merchant | null> {
    await roundTrip();
    return this.merchants.find((m) => m.owner === owner)[0] ?? null;
  }

  async setStatus(id: string, status: MerchantStatus, kycLevel?: MerchantKycLevel): Promise<void> {
    await roundTrip();
    const merchant = this.merchants.get(id);
    if (merchant) this.merchants.put({ ...merchant, status, ...(kycLevel === undefined ? {} : { kycLevel }) });
  }
}
