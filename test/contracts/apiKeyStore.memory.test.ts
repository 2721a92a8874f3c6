import { MemoryApiKeyStore } from '../../integrations/memory/memoryApiKeyStore';
import { describeApiKeyStoreContract } from './apiKeyStore.contract';
import { memorySubject } from './subject';

describeApiKeyStoreContract(
  'in memory',
  memorySubject(() => new MemoryApiKeyStore()),
);
