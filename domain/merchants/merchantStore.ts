/** Port: where merchants are kept. One merchant per owner number, decided by a unique index on `owner`. */
import type { InsertResult } from '../ledger/ledgerStore';
import type { Msisdn } from '../phone';
import type { Merchant, MerchantKycLevel, MerchantStatus } from './merchant';

export interface MerchantStore {
  /** `duplicate` when the id or the owner is taken: the caller reads `byOwner` to find the one that won. */
  insertMerchant(merchant: Merchant): Promise<InsertResult>;
  getMerchant(id: string): Promise<Merchant | null>;
  byOwner(owner: Msisdn): Promise<Merchant | null>;
  setStatus(id: string, status: MerchantStatus, kycLevel?: MerchantKycLevel): Promise<void>;
}
