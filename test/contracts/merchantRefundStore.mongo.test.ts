import { ensureMerchantRefundIndexes, MongoMerchantRefundStore } from '../../integrations/mongo/merchantRefundStore';
import { useFreshMongoDatabases } from './freshMongo';
import { describeMerchantRefundStoreContract } from './merchantRefundStore.contract';

const databases = useFreshMongoDatabases();

describeMerchantRefundStoreContract('MongoDB (FerretDB)', async () => {
  const connection = databases.fresh();
  await ensureMerchantRefundIndexes(connection);
  return {
    store: new MongoMerchantRefundStore(connection),
    anotherProcess: () => new MongoMerchantRefundStore(connection),
  };
});
