import { MemoryOtherPayerSlots } from '../../integrations/memory/memoryOtherPayerSlots';
import { describeOtherPayerSlotsContract } from './otherPayerSlots.contract';
import { memorySubject } from './subject';

describeOtherPayerSlotsContract(
  'in memory',
  memorySubject(() => new MemoryOtherPayerSlots()),
);
