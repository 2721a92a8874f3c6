import { MemoryLedgerStore } from '../../integrations/memory/memoryLedgerStore';
import { describeLedgerStoreContract } from './ledgerStore.contract';
import { memorySubject } from './subject';

describeLedgerStoreContract(
  'in memory',
  memorySubject(() => new MemoryLedgerStore()),
);
