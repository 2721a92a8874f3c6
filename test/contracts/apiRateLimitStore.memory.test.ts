import { MemoryApiRateLimitStore } from '../../integrations/memory/memoryApiRateLimitStore';
import { describeApiRateLimitStoreContract } from './apiRateLimitStore.contract';
import { memorySubject } from './subject';

describeApiRateLimitStoreContract(
  'in memory',
  memorySubject(() => new MemoryApiRateLimitStore()),
);
