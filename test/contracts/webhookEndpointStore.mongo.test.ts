import { ensureWebhookEndpointIndexes, MongoWebhookEndpointStore } from '../../integrations/mongo/webhookEndpointStore';
import { useFreshMongoDatabases } from './freshMongo';
import { describeWebhookEndpointStoreContract } from './webhookEndpointStore.contract';

const databases = useFreshMongoDatabases();

describeWebhookEndpointStoreContract('MongoDB (FerretDB)', async () => {
  const connection = databases.fresh();
  await ensureWebhookEndpointIndexes(connection);
  return {
    store: new MongoWebhookEndpointStore(connection),
    anotherProcess: () => new MongoWebhookEndpointStore(connection),
  };
});
