import { MemoryPinEventStore } from '../../integrations/memory/memoryPinEventStore';
import { describePinEventStoreContract } from './pinEventStore.contract';
import { memorySubject } from './subject';

describePinEventStoreContract(
  'in memory',
  memorySubject(() => new MemoryPinEventStore()),
);
