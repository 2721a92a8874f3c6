/**
 * The simulator's master data and lookups: `GET /ping`, `GET /service`, `GET /service/:id`, `GET /bill`,
 * `GET /subscription`, answered in S3P's shapes. Bills carry one field S3P's do not document, `customerName`
 * (the in-process simulator shows the name, and the product's tests read it); a real S3P bill has none.
 */
import { randomUUID } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { isUnknownCustomer, simulatedCustomerName } from '../../bills/simulatedCustomers';
import { S3P_ERRORS } from '../s3pWire';
import { findSimulatedService, SIMULATED_SERVICES, serviceJson, type SimulatedService } from './simulatedServices';
import { money, openItems, refuse, s3pError, type SimulatorContext } from './simulatorContext';

export function lookupRoutes(context: SimulatorContext, publicToken: string): Router {
  const router = express.Router();

  router.get('/ping', (_req, res) => {
    res.json({ time: context.clock().toISOString(), version: '3.0.0', nonce: randomUUID(), key: publicToken });
  });

  router.get('/service', (_req, res) => {
    res.json(SIMULATED_SERVICES.map(serviceJson));
  });

  router.get('/service/:id', (req, res) => {
    const service = findSimulatedService(req.params.id ?? '');
    if (!service) return refuse.serviceUnknown(res);
    res.json(serviceJson(service));
  });

  router.get('/bill', (req, res) => lookup(req, res, 'BILLS'));
  router.get('/subscription', (req, res) => lookup(req, res, 'SUBSCRIPTION'));

  async function lookup(req: Request, res: Response, kind: 'BILLS' | 'SUBSCRIPTION'): Promise<void> {
    const query = new URL(req.originalUrl, 'http://simulator').searchParams;
    const service = findSimulatedService(query.get('serviceid') ?? '');
    if (!service || service.merchant !== query.get('merchant') || service.lookup !== kind) {
      return refuse.serviceUnknown(res);
    }
    const serviceNumber = query.get('serviceNumber')?.trim();
    if (!serviceNumber) return refuse.invalid(res, 'serviceNumber is required');
    if (isUnknownCustomer(serviceNumber)) {
      return s3pError(res, 404, S3P_ERRORS.CUSTOMER_UNKNOWN, 'Customer unknown for this service');
    }
    const items = await openItems(context, service, serviceNumber);
    const name = simulatedCustomerName(serviceNumber);
    res.json(
      items.map(({ item }) =>
        kind === 'BILLS'
          ? billJson(service, serviceNumber, name, item)
          : subscriptionJson(service, serviceNumber, name, item),
      ),
    );
  }

  return router;
}

type Item = Awaited<ReturnType<typeof openItems>>[number]['item'];

function billJson(service: SimulatedService, serviceNumber: string, customerName: string, item: Item) {
  const due = item.dueDate ?? '';
  return {
    payItemId: item.payItemId,
    serviceNumber,
    serviceid: service.serviceid,
    merchant: service.merchant,
    amountType: service.amountType,
    localCur: 'XAF',
    amountLocalCur: money(item.amount ?? 0),
    billNumber: item.billNumber,
    customerNumber: serviceNumber,
    billMonth: due.slice(5, 7),
    billYear: due.slice(0, 4),
    billDate: due ? `${due.slice(0, 8)}01T00:00:00+00:00` : null,
    billDueDate: due ? `${due}T00:00:00+00:00` : null,
    payItemDescr: 'COMMODITY - USAGE INVOICE',
    billType: 'REGULAR',
    penaltyAmount: '0.00',
    payOrder: 0,
    optStrg: null,
    optNmb: null,
    customerName,
  };
}

function subscriptionJson(service: SimulatedService, serviceNumber: string, customerName: string, item: Item) {
  const prepaid = item.kind === 'PREPAID';
  return {
    serviceNumber,
    serviceid: service.serviceid,
    merchant: service.merchant,
    payItemId: item.payItemId,
    payItemDescr: prepaid ? 'Prepaid credit' : item.label,
    amountType: prepaid ? 'CUSTOM' : 'FIXED',
    name: prepaid ? service.title : item.label,
    localCur: 'XAF',
    amountLocalCur: prepaid ? null : money(item.amount ?? 0),
    customerReference: null,
    customerName,
    customerNumber: serviceNumber,
    startDate: null,
    dueDate: item.dueDate,
    endDate: null,
    optStrg: null,
    optNmb: null,
  };
}
