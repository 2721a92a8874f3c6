import { ensurePinEventIndexes, MongoPinEventStore } from '../../integrations/mongo/pinEventStore';
import { useFreshMongoDatabases } from './freshMongo';
import { describePinEventStoreContract } from './pinEventStore.contract';

const databases = useFreshMongoDatabases();

describePinEventStoreContract('MongoDB (FerretDB)', async () => {
  const connection = databases.fresh();
  await ensurePinEventIndexes(connection);
  return { store: new MongoPinEventStore(connection), anotherProcess: () => new MongoPinEventStore(connection) };
});
