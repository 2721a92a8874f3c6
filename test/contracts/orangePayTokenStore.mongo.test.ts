import { MongoOrangePayTokenStore } from '../../integrations/mongo/orangePayTokenStore';
import { useFreshMongoDatabases } from './freshMongo';
import { describeOrangePayTokenStoreContract } from './orangePayTokenStore.contract';

const databases = useFreshMongoDatabases();

describeOrangePayTokenStoreContract('MongoDB (FerretDB)', async () => {
  const connection = databases.fresh();
  return {
    store: new MongoOrangePayTokenStore(connection),
    anotherProcess: () => new MongoOrangePayTokenStore(connection),
  };
});
