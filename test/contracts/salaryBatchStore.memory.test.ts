import { MemorySalaryBatchStore } from '../../integrations/memory/memorySalaryBatchStore';
import { describeSalaryBatchStoreContract } from './salaryBatchStore.contract';
import { memorySubject } from './subject';

describeSalaryBatchStoreContract(
  'in memory',
  memorySubject(() => new MemorySalaryBatchStore()),
);
