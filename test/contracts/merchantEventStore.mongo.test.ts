import { ensureMerchantEventIndexes, MongoMerchantEventStore } from '../../integrations/mongo/merchantEventStore';
import { useFreshMongoDatabases } from './freshMongo';
import { describeMerchantEventStoreContract } from './merchantEventStore.contract';

const databases = useFreshMongoDatabases();

describeMerchantEventStoreContract('MongoDB (FerretDB)', async () => {
  const connection = databases.fresh();
  await ensureMerchantEventIndexes(connection);
  return {
    store: new MongoMerchantEventStore(connection),
    anotherProcess: () => new MongoMerchantEventStore(connection),
  };
});
