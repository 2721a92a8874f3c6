import { MemoryClaimStore } from '../../integrations/memory/memoryClaimStore';
import { describeClaimStoreContract } from './claimStore.contract';
import { memorySubject } from './subject';

describeClaimStoreContract(
  'in memory',
  memorySubject(() => new MemoryClaimStore()),
);
