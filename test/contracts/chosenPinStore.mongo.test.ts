import { MongoChosenPinStore } from '../../integrations/mongo/chosenPinStore';
import { useFreshMongoDatabases } from './freshMongo';
import { describeChosenPinStoreContract } from './chosenPinStore.contract';

const databases = useFreshMongoDatabases();

describeChosenPinStoreContract('MongoDB (FerretDB)', async () => {
  const connection = databases.fresh();
  return { store: new MongoChosenPinStore(connection), anotherProcess: () => new MongoChosenPinStore(connection) };
});
