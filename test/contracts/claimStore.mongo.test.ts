import { ensureClaimIndexes, MongoClaimStore } from '../../integrations/mongo/claimStore';
import { useFreshMongoDatabases } from './freshMongo';
import { describeClaimStoreContract } from './claimStore.contract';

const databases = useFreshMongoDatabases();

describeClaimStoreContract('MongoDB (FerretDB)', async () => {
  const connection = databases.fresh();
  await ensureClaimIndexes(connection);
  return { store: new MongoClaimStore(connection), anotherProcess: () => new MongoClaimStore(connection) };
});
