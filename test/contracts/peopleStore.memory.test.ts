import { MemoryPeopleStore } from '../../integrations/memory/memoryPeopleStore';
import { describePeopleStoreContract } from './peopleStore.contract';
import { memorySubject } from './subject';

describePeopleStoreContract(
  'in memory',
  memorySubject(() => new MemoryPeopleStore()),
);
