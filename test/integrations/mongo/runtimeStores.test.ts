/**
 * The runtime's stores on the real database (FerretDB in tests), held to the same contracts as their in-memory
 * twins (test/integrations/memory/runtimeStores.test.ts).
 */
import { MongoInboundLog, MongoSessionStore } from '../../../integrations/mongo/conversationStore';
import { MongoTurnLocks } from '../../../integrations/mongo/turnLocks';
import { inboundLogContract } from '../../contracts/inboundLog.contract';
import { sessionStoreContract } from '../../contracts/sessionStore.contract';
import { turnLocksContract } from '../../contracts/turnLocks.contract';
import { useTestDatabase } from '../../support/database';

const db = useTestDatabase();

sessionStoreContract(() => new MongoSessionStore(db.connection));
inboundLogContract(() => new MongoInboundLog(db.connection));
turnLocksContract((options) => new MongoTurnLocks(db.connection, options));
