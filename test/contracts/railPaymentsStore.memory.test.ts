import { MemoryRailPaymentStore } from '../../integrations/memory/memoryRailPaymentStore';
import { describeRailPaymentsStoreContract } from './railPaymentsStore.contract';
import { memorySubject } from './subject';

describeRailPaymentsStoreContract(
  'in memory',
  memorySubject(() => new MemoryRailPaymentStore()),
);
