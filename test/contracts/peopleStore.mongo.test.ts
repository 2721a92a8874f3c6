import { MongoPeopleStore } from '../../integrations/mongo/peopleStore';
import { useFreshMongoDatabases } from './freshMongo';
import { describePeopleStoreContract } from './peopleStore.contract';

const databases = useFreshMongoDatabases();

describePeopleStoreContract('MongoDB (FerretDB)', async () => {
  const connection = databases.fresh();
  return { store: new MongoPeopleStore(connection), anotherProcess: () => new MongoPeopleStore(connection) };
});
