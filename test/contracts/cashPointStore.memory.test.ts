import { MemoryCashPointStore } from '../../integrations/memory/memoryCashPointStore';
import { describeCashPointStoreContract } from './cashPointStore.contract';
import { memorySubject } from './subject';

describeCashPointStoreContract(
  'in memory',
  memorySubject(() => new MemoryCashPointStore()),
);
