/** Webhook endpoints in memory: the twin of the MongoDB store. */
import type { InsertResult } from '../../domain/ledger/ledgerStore';
import type { WebhookEndpoint, WebhookSecret } from '../../domain/merchants/webhooks/endpoint';
import type { WebhookEndpointStore } from '../../domain/merchants/webhooks/endpointStore';
import { copyOf, roundTrip, Table } from './table';

export class MemoryWebhookEndpointStore implements WebhookEndpointStore {
  private readonly endpoints = new Table<WebhookEndpoint>();

  async insertEndpoint(endpoint: WebhookEndpoint): Promise<InsertResult> {
    await roundTrip();
    return this.endpoints.insert(endpoint);
  }

  async getEndpoint(id: string): Promise<WebhookEndpoint | null> {
    await roundTrip();
    return this.endpoints.get(id);
  }

  async byMerchant(merchantId: string): Promise<WebhookEndpoint[]> {
    await roundTrip();
    return this.endpoints
      .find((e) => e.merchantId === merchantId)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a._id < b._id ? -1 : 1));
  }

  async setStatus(id: string, status: WebhookEndpoint['status']): Promise<void> {
    await roundTrip();
    const endpoint = this.endpoints.get(id);
    if (endpoint) this.endpoints.put({ ...endpoint, status });
  }

  async setSecrets(id: string, secrets: WebhookSecret[]): Promise<void> {
    await roundTrip();
    const endpoint = this.endpoints.get(id);
    if (endpoint) this.endpoints.put({ ...endpoint, secrets: copyOf(secrets) });
  }

  async deleteEndpoint(id: string): Promise<void> {
    await roundTrip();
    this.endpoints.delete(id);
  }
}
