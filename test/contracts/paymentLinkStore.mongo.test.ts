import { ensurePaymentLinkIndexes, MongoPaymentLinkStore } from '../../integrations/mongo/paymentLinkStore';
import { useFreshMongoDatabases } from './freshMongo';
import { describePaymentLinkStoreContract } from './paymentLinkStore.contract';

const databases = useFreshMongoDatabases();

describePaymentLinkStoreContract('MongoDB (FerretDB)', async () => {
  const connection = databases.fresh();
  await ensurePaymentLinkIndexes(connection);
  return { store: new MongoPaymentLinkStore(connection), anotherProcess: () => new MongoPaymentLinkStore(connection) };
});
