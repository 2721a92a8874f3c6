/** Port: where webhook endpoints are kept (configuration, not money: plain updates are fine). */
import type { InsertResult } from '../../ledger/ledgerStore';
import type { WebhookEndpoint, WebhookSecret } from './endpoint';

export interface WebhookEndpointStore {
  insertEndpoint(endpoint: WebhookEndpoint): Promise<InsertResult>;
  getEndpoint(id: string): Promise<WebhookEndpoint | null>;
  /** A merchant's endpoints, oldest first. */
  byMerchant(merchantId: string): Promise<WebhookEndpoint[]>;
  setStatus(id: string, status: WebhookEndpoint['status']): Promise<void>;
  /** Replaces the secrets (a rotation); the caller reads them back to see its write stand. */
  setSecrets(id: string, secrets: WebhookSecret[]): Promise<void>;
  deleteEndpoint(id: string): Promise<void>;
}
