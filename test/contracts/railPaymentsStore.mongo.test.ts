import { ensureRailPaymentIndexes, MongoRailPaymentStore } from '../../integrations/mongo/railPaymentStore';
import { useFreshMongoDatabases } from './freshMongo';
import { describeRailPaymentsStoreContract } from './railPaymentsStore.contract';

const databases = useFreshMongoDatabases();

describeRailPaymentsStoreContract('MongoDB (FerretDB)', async () => {
  const connection = databases.fresh();
  await ensureRailPaymentIndexes(connection);
  return { store: new MongoRailPaymentStore(connection), anotherProcess: () => new MongoRailPaymentStore(connection) };
});
