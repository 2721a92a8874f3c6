import { MemoryWebhookEndpointStore } from '../../integrations/memory/memoryWebhookEndpointStore';
import { memorySubject } from './subject';
import { describeWebhookEndpointStoreContract } from './webhookEndpointStore.contract';

describeWebhookEndpointStoreContract(
  'in memory',
  memorySubject(() => new MemoryWebhookEndpointStore()),
);
