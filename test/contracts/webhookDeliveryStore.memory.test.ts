import { MemoryWebhookDeliveryStore } from '../../integrations/memory/memoryWebhookDeliveryStore';
import { memorySubject } from './subject';
import { describeWebhookDeliveryStoreContract } from './webhookDeliveryStore.contract';

describeWebhookDeliveryStoreContract(
  'in memory',
  memorySubject(() => new MemoryWebhookDeliveryStore()),
);
