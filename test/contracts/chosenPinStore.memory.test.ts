import { MemoryChosenPinStore } from '../../integrations/memory/memoryChosenPinStore';
import { describeChosenPinStoreContract } from './chosenPinStore.contract';
import { memorySubject } from './subject';

describeChosenPinStoreContract(
  'in memory',
  memorySubject(() => new MemoryChosenPinStore()),
);
