/**
 * The runtime's stores on the real database (FerretDB in tests), held to the same contracts as their in-memory
 * twins (test/integrations/memory/runtimeStores.test.ts).
 */
import { MongoInboundLog } from '../../../integrations/mongo/inboundLog';
import { MongoSessionStore } from '../../../integrations/mongo/sessionStore';
import { inboundLogContract } from '../../contracts/inboundLog.contract';
import { sessionStoreContract } from '../../contracts/sessionStore.contract';
import { useTestDatabase } from '../../support/database';

const db = useTestDatabase();

// Another process: a store of its own over the same database, with its own copies of the sessions.
sessionStoreContract(
  (options) => new MongoSessionStore(db.connection, options),
  (_store, options) => new MongoSessionStore(db.connection, options),
);
inboundLogContract(() => new MongoInboundLog(db.connection));
