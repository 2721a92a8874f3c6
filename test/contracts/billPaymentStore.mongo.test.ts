import { ensureBillPaymentIndexes, MongoBillPaymentStore } from '../../integrations/mongo/billPaymentStore';
import { useFreshMongoDatabases } from './freshMongo';
import { describeBillPaymentStoreContract } from './billPaymentStore.contract';

const databases = useFreshMongoDatabases();

describeBillPaymentStoreContract('MongoDB (FerretDB)', async () => {
  const connection = databases.fresh();
  await ensureBillPaymentIndexes(connection);
  return { store: new MongoBillPaymentStore(connection), anotherProcess: () => new MongoBillPaymentStore(connection) };
});
