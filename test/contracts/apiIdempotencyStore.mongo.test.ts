import { ensureApiIdempotencyIndexes, MongoApiIdempotencyStore } from '../../integrations/mongo/apiIdempotencyStore';
import { describeApiIdempotencyStoreContract } from './apiIdempotencyStore.contract';
import { useFreshMongoDatabases } from './freshMongo';

const databases = useFreshMongoDatabases();

describeApiIdempotencyStoreContract('MongoDB (FerretDB)', async () => {
  const connection = databases.fresh();
  await ensureApiIdempotencyIndexes(connection);
  return {
    store: new MongoApiIdempotencyStore(connection),
    anotherProcess: () => new MongoApiIdempotencyStore(connection),
  };
});
