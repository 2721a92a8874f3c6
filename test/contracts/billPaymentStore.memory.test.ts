import { MemoryBillPaymentStore } from '../../integrations/memory/memoryBillPaymentStore';
import { describeBillPaymentStoreContract } from './billPaymentStore.contract';
import { memorySubject } from './subject';

describeBillPaymentStoreContract(
  'in memory',
  memorySubject(() => new MemoryBillPaymentStore()),
);
