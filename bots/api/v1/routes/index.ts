/** Every route of the merchant API, in the order the docs list them: the router and the OpenAPI document read this. */
import type { ApiRoute } from '../route';
import { eventRoutes } from './events';
import { invoiceRoutes } from './invoices';
import { kycDocumentRoutes } from './kycDocuments';
import { merchantRoutes } from './merchant';
import { paymentLinkRoutes } from './paymentLinks';
import { paymentRequestRoutes } from './paymentRequests';
import { paymentRoutes } from './payments';
import { payoutRoutes } from './payouts';
import { refundRoutes } from './refunds';
import { salaryBatchRoutes } from './salaryBatches';
import { webhookEndpointRoutes } from './webhookEndpoints';

export const API_ROUTES: readonly ApiRoute[] = [
  ...merchantRoutes,
  ...paymentRequestRoutes,
  ...paymentRoutes,
  ...refundRoutes,
  ...salaryBatchRoutes,
  ...payoutRoutes,
  ...paymentLinkRoutes,
  ...invoiceRoutes,
  ...eventRoutes,
  ...webhookEndpointRoutes,
  ...kycDocumentRoutes,
];
