import { ensurePaymentRequestIndexes, MongoPaymentRequestStore } from '../../integrations/mongo/paymentRequestStore';
import { useFreshMongoDatabases } from './freshMongo';
import { describePaymentRequestStoreContract } from './paymentRequestStore.contract';

const databases = useFreshMongoDatabases();

describePaymentRequestStoreContract('MongoDB (FerretDB)', async () => {
  const connection = databases.fresh();
  await ensurePaymentRequestIndexes(connection);
  return {
    store: new MongoPaymentRequestStore(connection),
    anotherProcess: () => new MongoPaymentRequestStore(connection),
  };
});
