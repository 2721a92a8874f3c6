import { ensureApiRateLimitIndexes, MongoApiRateLimitStore } from '../../integrations/mongo/apiRateLimitStore';
import { describeApiRateLimitStoreContract } from './apiRateLimitStore.contract';
import { useFreshMongoDatabases } from './freshMongo';

const databases = useFreshMongoDatabases();

describeApiRateLimitStoreContract('MongoDB (FerretDB)', async () => {
  const connection = databases.fresh();
  await ensureApiRateLimitIndexes(connection);
  return {
    store: new MongoApiRateLimitStore(connection),
    anotherProcess: () => new MongoApiRateLimitStore(connection),
  };
});
