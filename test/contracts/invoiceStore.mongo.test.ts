import { ensureInvoiceIndexes, MongoInvoiceStore } from '../../integrations/mongo/invoiceStore';
import { useFreshMongoDatabases } from './freshMongo';
import { describeInvoiceStoreContract } from './invoiceStore.contract';

const databases = useFreshMongoDatabases();

describeInvoiceStoreContract('MongoDB (FerretDB)', async () => {
  const connection = databases.fresh();
  await ensureInvoiceIndexes(connection);
  return { store: new MongoInvoiceStore(connection), anotherProcess: () => new MongoInvoiceStore(connection) };
});
