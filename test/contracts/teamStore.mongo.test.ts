import { ensureTeamIndexes, MongoTeamStore } from '../../integrations/mongo/teamStore';
import { useFreshMongoDatabases } from './freshMongo';
import { describeTeamStoreContract } from './teamStore.contract';

const databases = useFreshMongoDatabases();

describeTeamStoreContract('MongoDB (FerretDB)', async () => {
  const connection = databases.fresh();
  await ensureTeamIndexes(connection);
  return { store: new MongoTeamStore(connection), anotherProcess: () => new MongoTeamStore(connection) };
});
