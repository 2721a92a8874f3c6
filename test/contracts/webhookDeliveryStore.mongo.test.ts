import { ensureWebhookDeliveryIndexes, MongoWebhookDeliveryStore } from '../../integrations/mongo/webhookDeliveryStore';
import { useFreshMongoDatabases } from './freshMongo';
import { describeWebhookDeliveryStoreContract } from './webhookDeliveryStore.contract';

const databases = useFreshMongoDatabases();

describeWebhookDeliveryStoreContract('MongoDB (FerretDB)', async () => {
  const connection = databases.fresh();
  await ensureWebhookDeliveryIndexes(connection);
  return {
    store: new MongoWebhookDeliveryStore(connection),
    anotherProcess: () => new MongoWebhookDeliveryStore(connection),
  };
});
