/**
 * The services the Smobilpay simulator offers, as `GET /service` lists them. ENEO's ids (10039 postpaid, 10042
 * prepaid) and merchant codes (ENEO, CMENEOPREPAID) are from public S3P clients; CAMWATER's merchant code is
 * from a public client too, but its service id (10051) and everything of Canal+ (20070, CANALPLUS) are OURS.
 * The types SEARCHABLE_BILL and SUBSCRIPTION are ours too for the subscription services (unconfirmed).
 *
 * Each service names the story it tells (`storyKey`, see integrations/bills/simulatedCustomers.ts) and takes its
 * mask from the product's billers, so the HTTP simulator answers what the in-process one answers.
 */
import { BILLERS } from '../../../domain/billers';

export interface SimulatedService {
  serviceid: string;
  merchant: string;
  title: string;
  type: 'SEARCHABLE_BILL' | 'SUBSCRIPTION';
  /** Which lookup answers for it: `/bill` or `/subscription`. */
  lookup: 'BILLS' | 'SUBSCRIPTION';
  /** The amount type of its bills or items. */
  amountType: 'FIXED' | 'PARTIAL' | 'CUSTOM';
  storyKey: string;
  labels: { en: string; fr: string };
}

export const SIMULATED_SERVICES: readonly SimulatedService[] = [
  {
    serviceid: '10039',
    merchant: 'ENEO',
    title: 'ENEO Postpaid',
    type: 'SEARCHABLE_BILL',
    lookup: 'BILLS',
    amountType: 'PARTIAL',
    storyKey: 'eneo-postpaid',
    labels: { en: 'Bill or contract number', fr: 'Numéro de facture ou de contrat' },
  },
  {
    serviceid: '10042',
    merchant: 'CMENEOPREPAID',
    title: 'ENEO Prepaid',
    type: 'SUBSCRIPTION',
    lookup: 'SUBSCRIPTION',
    amountType: 'CUSTOM',
    storyKey: 'eneo-prepaid',
    labels: { en: 'Meter number', fr: 'Numéro de compteur' },
  },
  {
    serviceid: '10051',
    merchant: 'CAMWATER',
    title: 'CAMWATER',
    type: 'SEARCHABLE_BILL',
    lookup: 'BILLS',
    amountType: 'FIXED',
    storyKey: 'camwater',
    labels: { en: 'Contract number', fr: 'Numéro de contrat' },
  },
  {
    serviceid: '20070',
    merchant: 'CANALPLUS',
    title: 'CANAL+ Cameroun',
    type: 'SUBSCRIPTION',
    lookup: 'SUBSCRIPTION',
    amountType: 'FIXED',
    storyKey: 'canalplus',
    labels: { en: 'Subscriber or decoder number', fr: "Numéro d'abonné ou de décodeur" },
  },
];

export function findSimulatedService(serviceid: string): SimulatedService | null {
  return SIMULATED_SERVICES.find((s) => s.serviceid === serviceid) ?? null;
}

/** A service as S3P's `GET /service` describes it. */
export function serviceJson(service: SimulatedService) {
  const mask = BILLERS.find((b) => b.serviceId === service.storyKey)?.validationMask ?? null;
  return {
    serviceid: Number(service.serviceid),
    merchant: service.merchant,
    title: service.title,
    description: service.title,
    category: service.lookup === 'BILLS' ? 'Utilities' : 'Subscriptions',
    country: 'CMR',
    localCur: 'XAF',
    type: service.type,
    status: 'Active',
    isReqCustomerName: 0,
    isReqCustomerAddress: 0,
    isReqCustomerNumber: 0,
    isReqServiceNumber: 1,
    isVerifiable: true,
    denomination: 1,
    hint: null,
    validationMask: mask,
    labelCustomerNumber: null,
    labelServiceNumber: [
      { language: 'en', localText: service.labels.en },
      { language: 'fr', localText: service.labels.fr },
    ],
  };
}
