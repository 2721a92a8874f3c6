import { ensureLedgerIndexes } from '../../integrations/mongo/ledgerModels';
import { MongoLedgerStore } from '../../integrations/mongo/mongoLedgerStore';
import { useFreshMongoDatabases } from './freshMongo';
import { describeLedgerStoreContract } from './ledgerStore.contract';

const databases = useFreshMongoDatabases();

describeLedgerStoreContract('MongoDB (FerretDB)', async () => {
  const connection = databases.fresh();
  await ensureLedgerIndexes(connection);
  return { store: new MongoLedgerStore(connection), anotherProcess: () => new MongoLedgerStore(connection) };
});
