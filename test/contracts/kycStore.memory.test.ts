import { MemoryKycStore } from '../../integrations/memory/memoryKycStore';
import { describeKycStoreContract } from './kycStore.contract';
import { memorySubject } from './subject';

describeKycStoreContract(
  'in memory',
  memorySubject(() => new MemoryKycStore()),
);
