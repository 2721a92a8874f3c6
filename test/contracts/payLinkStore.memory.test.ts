import { MemoryPayLinkStore } from '../../integrations/memory/memoryPayLinkStore';
import { describePayLinkStoreContract } from './payLinkStore.contract';
import { memorySubject } from './subject';

describePayLinkStoreContract(
  'in memory',
  memorySubject(() => new MemoryPayLinkStore()),
);
