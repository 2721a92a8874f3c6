import { MongoOtherPayerSlots } from '../../integrations/mongo/otherPayerStore';
import { useFreshMongoDatabases } from './freshMongo';
import { describeOtherPayerSlotsContract } from './otherPayerSlots.contract';

const databases = useFreshMongoDatabases();

describeOtherPayerSlotsContract('MongoDB (FerretDB)', async () => {
  const connection = databases.fresh();
  return { store: new MongoOtherPayerSlots(connection), anotherProcess: () => new MongoOtherPayerSlots(connection) };
});
