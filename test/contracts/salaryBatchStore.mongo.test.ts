import { ensureSalaryBatchIndexes, MongoSalaryBatchStore } from '../../integrations/mongo/salaryBatchStore';
import { useFreshMongoDatabases } from './freshMongo';
import { describeSalaryBatchStoreContract } from './salaryBatchStore.contract';

const databases = useFreshMongoDatabases();

describeSalaryBatchStoreContract('MongoDB (FerretDB)', async () => {
  const connection = databases.fresh();
  await ensureSalaryBatchIndexes(connection);
  return {
    store: new MongoSalaryBatchStore(connection),
    anotherProcess: () => new MongoSalaryBatchStore(connection),
  };
});
