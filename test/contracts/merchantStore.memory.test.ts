import { MemoryMerchantStore } from '../../integrations/memory/memoryMerchantStore';
import { describeMerchantStoreContract } from './merchantStore.contract';
import { memorySubject } from './subject';

describeMerchantStoreContract(
  'in memory',
  memorySubject(() => new MemoryMerchantStore()),
);
