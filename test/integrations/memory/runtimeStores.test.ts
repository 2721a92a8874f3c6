/**
 * The runtime's in-memory stores, held to the same contracts as the MongoDB ones
 * (test/integrations/mongo/runtimeStores.test.ts).
 */
import { MemoryInboundLog } from '../../../integrations/memory/inboundLog';
import { MemorySessionStore } from '../../../integrations/memory/sessionStore';
import { inboundLogContract } from '../../contracts/inboundLog.contract';
import { sessionStoreContract } from '../../contracts/sessionStore.contract';

// One process's memory: "another process" is the same store.
sessionStoreContract(
  (options) => new MemorySessionStore(options),
  (store) => store,
);
inboundLogContract(() => new MemoryInboundLog());
