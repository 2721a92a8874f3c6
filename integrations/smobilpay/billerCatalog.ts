/**
 * The product's billers built from S3P's `GET /service` answer: which service each biller is paid through (its
 * `serviceid`) and the customer-number mask come from the aggregator, not from constants; what the product adds
 * (names in the catalogs, the amount rule, the ledger account) stays the product's (domain/billers.ts).
 *
 * A biller is matched to a service by service id where it is known from public code (ENEO 10039 and 10042),
 * otherwise by merchant code and type (CAMWATER's code is from a public client, Canal+'s is OUR guess). A biller
 * whose service is missing or not Active is left out, and named in `missing` so the start can say so.
 */
import { BILLERS, type Biller } from '../../domain/billers';
import type { S3pService } from './s3pWire';

/** How to find a biller's service in `/service`. */
export interface ServiceMatch {
  /** The service id, when known: it wins over the merchant code. */
  serviceid?: string;
  merchant: string;
  /** The service type to require when matching by merchant (a merchant may offer several services). */
  type?: string;
}

/** The product's billers (menu order) with the service each one is matched to. */
export interface BillerProfile {
  biller: Biller;
  match: ServiceMatch;
}

const MATCHES: Readonly<Record<string, ServiceMatch>> = {
  'eneo-postpaid': { serviceid: '10039', merchant: 'ENEO' },
  'eneo-prepaid': { serviceid: '10042', merchant: 'CMENEOPREPAID' },
  camwater: { merchant: 'CAMWATER', type: 'SEARCHABLE_BILL' },
  canalplus: { merchant: 'CANALPLUS' },
};

/** The billers offered first, each with its match. */
export const SMOBILPAY_BILLER_PROFILES: readonly BillerProfile[] = BILLERS.filter((b) => MATCHES[b.id]).map(
  (biller) => ({ biller, match: MATCHES[biller.id]! }),
);

export interface BillerCatalog {
  /** The billers on offer, in the profiles' order, with S3P's service ids and masks. */
  billers: Biller[];
  /** Ids of billers whose service `/service` did not list (or not as Active). */
  missing: string[];
}

/** The billers on offer given what `/service` lists. */
export function billersFromServices(
  services: readonly S3pService[],
  profiles: readonly BillerProfile[] = SMOBILPAY_BILLER_PROFILES,
): BillerCatalog {
  const active = services.filter((s) => !s.status || s.status.toLowerCase() === 'active');
  const billers: Biller[] = [];
  const missing: string[] = [];
  for (const { biller, match } of profiles) {
    const service = findService(active, match);
    if (!service) {
      missing.push(biller.id);
      continue;
    }
    billers.push({ ...biller, serviceId: service.serviceid, validationMask: usableMask(service, biller) });
  }
  return { billers, missing };
}

function findService(services: readonly S3pService[], match: ServiceMatch): S3pService | undefined {
  const byId = match.serviceid ? services.find((s) => s.serviceid === match.serviceid) : undefined;
  return (
    byId ?? services.find((s) => s.merchant === match.merchant && (match.type === undefined || s.type === match.type))
  );
}

/**
 * S3P's mask (a PCRE pattern) when JavaScript can read it; the product's otherwise, since a mask nobody can apply
 * would refuse every number.
 */
function usableMask(service: S3pService, biller: Biller): string {
  const mask = service.validationMask?.trim();
  if (!mask) return biller.validationMask;
  try {
    new RegExp(mask);
    return mask;
  } catch {
    return biller.validationMask;
  }
}
