import { MemoryPayoutStore } from '../../integrations/memory/memoryPayoutStore';
import { describePayoutStoreContract } from './payoutStore.contract';
import { memorySubject } from './subject';

describePayoutStoreContract(
  'in memory',
  memorySubject(() => new MemoryPayoutStore()),
);
