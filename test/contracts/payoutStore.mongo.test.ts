import { ensurePayoutIndexes, MongoPayoutStore } from '../../integrations/mongo/payoutStore';
import { useFreshMongoDatabases } from './freshMongo';
import { describePayoutStoreContract } from './payoutStore.contract';

const databases = useFreshMongoDatabases();

describePayoutStoreContract('MongoDB (FerretDB)', async () => {
  const connection = databases.fresh();
  await ensurePayoutIndexes(connection);
  return {
    store: new MongoPayoutStore(connection),
    anotherProcess: () => new MongoPayoutStore(connection),
  };
});
