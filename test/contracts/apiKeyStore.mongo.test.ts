import { ensureApiKeyIndexes, MongoApiKeyStore } from '../../integrations/mongo/apiKeyStore';
import { describeApiKeyStoreContract } from './apiKeyStore.contract';
import { useFreshMongoDatabases } from './freshMongo';

const databases = useFreshMongoDatabases();

describeApiKeyStoreContract('MongoDB (FerretDB)', async () => {
  const connection = databases.fresh();
  await ensureApiKeyIndexes(connection);
  return { store: new MongoApiKeyStore(connection), anotherProcess: () => new MongoApiKeyStore(connection) };
});
