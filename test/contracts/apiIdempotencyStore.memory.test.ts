import { MemoryApiIdempotencyStore } from '../../integrations/memory/memoryApiIdempotencyStore';
import { describeApiIdempotencyStoreContract } from './apiIdempotencyStore.contract';
import { memorySubject } from './subject';

describeApiIdempotencyStoreContract(
  'in memory',
  memorySubject(() => new MemoryApiIdempotencyStore()),
);
