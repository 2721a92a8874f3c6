import { ensurePayLinkIndexes, MongoPayLinkStore } from '../../integrations/mongo/payLinkStore';
import { useFreshMongoDatabases } from './freshMongo';
import { describePayLinkStoreContract } from './payLinkStore.contract';

const databases = useFreshMongoDatabases();

describePayLinkStoreContract('MongoDB (FerretDB)', async () => {
  const connection = databases.fresh();
  await ensurePayLinkIndexes(connection);
  return { store: new MongoPayLinkStore(connection), anotherProcess: () => new MongoPayLinkStore(connection) };
});
