import { MemoryOrangePayTokenStore } from '../../integrations/memory/memoryOrangePayTokenStore';
import { describeOrangePayTokenStoreContract } from './orangePayTokenStore.contract';
import { memorySubject } from './subject';

describeOrangePayTokenStoreContract(
  'in memory',
  memorySubject(() => new MemoryOrangePayTokenStore()),
);
