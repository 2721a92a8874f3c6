import { MemoryPaymentRequestStore } from '../../integrations/memory/memoryPaymentRequestStore';
import { describePaymentRequestStoreContract } from './paymentRequestStore.contract';
import { memorySubject } from './subject';

describePaymentRequestStoreContract(
  'in memory',
  memorySubject(() => new MemoryPaymentRequestStore()),
);
