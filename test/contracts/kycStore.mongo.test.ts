import { ensureKycIndexes, MongoKycStore } from '../../integrations/mongo/kycStore';
import { useFreshMongoDatabases } from './freshMongo';
import { describeKycStoreContract } from './kycStore.contract';

const databases = useFreshMongoDatabases();

describeKycStoreContract('MongoDB (FerretDB)', async () => {
  const connection = databases.fresh();
  await ensureKycIndexes(connection);
  return { store: new MongoKycStore(connection), anotherProcess: () => new MongoKycStore(connection) };
});
