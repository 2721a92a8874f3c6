import { ensureApprovalIndexes, MongoApprovalStore } from '../../integrations/mongo/approvalStore';
import { useFreshMongoDatabases } from './freshMongo';
import { describeApprovalStoreContract } from './approvalStore.contract';

const databases = useFreshMongoDatabases();

describeApprovalStoreContract('MongoDB (FerretDB)', async () => {
  const connection = databases.fresh();
  await ensureApprovalIndexes(connection);
  return { store: new MongoApprovalStore(connection), anotherProcess: () => new MongoApprovalStore(connection) };
});
