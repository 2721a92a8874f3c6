import { MemoryPaymentLinkStore } from '../../integrations/memory/memoryPaymentLinkStore';
import { describePaymentLinkStoreContract } from './paymentLinkStore.contract';
import { memorySubject } from './subject';

describePaymentLinkStoreContract(
  'in memory',
  memorySubject(() => new MemoryPaymentLinkStore()),
);
