/**
 * The runtime's in-memory stores, held to the same contracts as the MongoDB ones
 * (test/integrations/mongo/runtimeStores.test.ts).
 */
import { MemoryInboundLog } from '../../../integrations/memory/inboundLog';
import { MemorySessionStore } from '../../../integrations/memory/sessionStore';
import { MemoryTurnLocks } from '../../../integrations/memory/turnLocks';
import { inboundLogContract } from '../../contracts/inboundLog.contract';
import { sessionStoreContract } from '../../contracts/sessionStore.contract';
import { turnLocksContract } from '../../contracts/turnLocks.contract';

sessionStoreContract(() => new MemorySessionStore());
inboundLogContract(() => new MemoryInboundLog());
turnLocksContract((options) => new MemoryTurnLocks(options));
