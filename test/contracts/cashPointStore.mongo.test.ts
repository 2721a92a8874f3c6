import { ensureCashPointIndexes, MongoCashPointStore } from '../../integrations/mongo/cashPointStore';
import { useFreshMongoDatabases } from './freshMongo';
import { describeCashPointStoreContract } from './cashPointStore.contract';

const databases = useFreshMongoDatabases();

describeCashPointStoreContract('MongoDB (FerretDB)', async () => {
  const connection = databases.fresh();
  await ensureCashPointIndexes(connection);
  return { store: new MongoCashPointStore(connection), anotherProcess: () => new MongoCashPointStore(connection) };
});
