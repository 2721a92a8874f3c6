import { ensureMerchantIndexes, MongoMerchantStore } from '../../integrations/mongo/merchantStore';
import { useFreshMongoDatabases } from './freshMongo';
import { describeMerchantStoreContract } from './merchantStore.contract';

const databases = useFreshMongoDatabases();

describeMerchantStoreContract('MongoDB (FerretDB)', async () => {
  const connection = databases.fresh();
  await ensureMerchantIndexes(connection);
  return { store: new MongoMerchantStore(connection), anotherProcess: () => new MongoMerchantStore(connection) };
});
