import { MemoryMerchantEventStore } from '../../integrations/memory/memoryMerchantEventStore';
import { describeMerchantEventStoreContract } from './merchantEventStore.contract';
import { memorySubject } from './subject';

describeMerchantEventStoreContract(
  'in memory',
  memorySubject(() => new MemoryMerchantEventStore()),
);
