import { MemoryMerchantRefundStore } from '../../integrations/memory/memoryMerchantRefundStore';
import { describeMerchantRefundStoreContract } from './merchantRefundStore.contract';
import { memorySubject } from './subject';

describeMerchantRefundStoreContract(
  'in memory',
  memorySubject(() => new MemoryMerchantRefundStore()),
);
