import { MongoShortReferenceStore } from '../../integrations/mongo/shortReferenceStore';
import { useFreshMongoDatabases } from './freshMongo';
import { describeShortReferenceStoreContract } from './shortReferenceStore.contract';

const databases = useFreshMongoDatabases();

describeShortReferenceStoreContract('MongoDB (FerretDB)', async () => {
  const connection = databases.fresh();
  return {
    store: new MongoShortReferenceStore(connection),
    anotherProcess: () => new MongoShortReferenceStore(connection),
  };
});
