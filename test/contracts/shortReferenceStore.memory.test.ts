import { MemoryShortReferenceStore } from '../../integrations/memory/memoryShortReferenceStore';
import { describeShortReferenceStoreContract } from './shortReferenceStore.contract';
import { memorySubject } from './subject';

describeShortReferenceStoreContract(
  'in memory',
  memorySubject(() => new MemoryShortReferenceStore()),
);
