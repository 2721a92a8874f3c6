import { MemoryTeamStore } from '../../integrations/memory/memoryTeamStore';
import { describeTeamStoreContract } from './teamStore.contract';
import { memorySubject } from './subject';

describeTeamStoreContract(
  'in memory',
  memorySubject(() => new MemoryTeamStore()),
);
