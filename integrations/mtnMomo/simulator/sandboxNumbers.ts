/**
 * How the simulated MTN ends a payment, by the payer's or payee's number: MTN's own sandbox numbers
 * (46733123450 to 46733123463, request-to-pay and transfer columns of MTN's "sandbox use cases" table) and the
 * Cameroonian test numbers the product documents (`6XX12345D`, integrations/rails/simulatedRail.ts, reused
 * here so both simulators agree). Any other number succeeds.
 *
 * Reasons are MTN's strings. For 450 ("payer failed" / "payee failed") the table gives no code: the simulator
 * uses INTERNAL_PROCESSING_ERROR, MTN's generic failure (unconfirmed). 453 ("ongoing") stays pending and 454
 * ("delayed") succeeds after ten completion delays, like the product's 6XX123453 and 6XX123454.
 */
import type { RailFailure } from '../../../domain/paymentRail';
import { sandboxOutcome } from '../../rails/simulatedRail';
import type { MtnProduct } from '../client';

/** What happens to a payment: it succeeds (now or after ten delays), stays pending, or fails with MTN's reason. */
export type SimulatedMtnOutcome =
  { kind: 'succeeds' } | { kind: 'delayed' } | { kind: 'stays_pending' } | { kind: 'fails'; reason: string };

const MTN_SANDBOX_NUMBER = /^467331234(5\d|6[0-3])$/;

// [request to pay, transfer] for 46733123450 + index.
const MTN_SANDBOX_TABLE: readonly (readonly [string, string])[] = [
  ['INTERNAL_PROCESSING_ERROR', 'INTERNAL_PROCESSING_ERROR'],
  ['APPROVAL_REJECTED', 'APPROVAL_REJECTED'],
  ['EXPIRED', 'EXPIRED'],
  ['ONGOING', 'ONGOING'],
  ['DELAYED', 'DELAYED'],
  ['PAYER_NOT_FOUND', 'NOT_ENOUGH_FUNDS'],
  ['PAYEE_NOT_ALLOWED_TO_RECEIVE', 'PAYER_LIMIT_REACHED'],
  ['NOT_ALLOWED', 'PAYEE_NOT_FOUND'],
  ['NOT_ALLOWED_TARGET_ENVIRONMENT', 'NOT_ALLOWED'],
  ['INVALID_CALLBACK_URL_HOST', 'NOT_ALLOWED_TARGET_ENVIRONMENT'],
  ['INVALID_CURRENCY', 'INVALID_CALLBACK_URL_HOST'],
  ['INTERNAL_PROCESSING_ERROR', 'INVALID_CURRENCY'],
  ['SERVICE_UNAVAILABLE', 'INTERNAL_PROCESSING_ERROR'],
  ['COULD_NOT_PERFORM_TRANSACTION', 'SERVICE_UNAVAILABLE'],
];

// The product's failures, told the way MTN tells them (the inverse of the rail's reading).
const MTN_REASON_OF: Readonly<Record<RailFailure, string>> = {
  PAYER_FAILED: 'INTERNAL_PROCESSING_ERROR',
  REJECTED: 'APPROVAL_REJECTED',
  EXPIRED: 'EXPIRED',
  PAYER_NOT_FOUND: 'PAYER_NOT_FOUND',
  PAYEE_NOT_ALLOWED: 'PAYEE_NOT_ALLOWED_TO_RECEIVE',
  NOT_ENOUGH_FUNDS: 'NOT_ENOUGH_FUNDS',
  LIMIT_REACHED: 'PAYER_LIMIT_REACHED',
  NOT_FOUND: 'RESOURCE_NOT_FOUND',
  // A bank's reasons, never scripted on MTN: told as MTN's nearest.
  INVALID_ACCOUNT: 'PAYEE_NOT_FOUND',
  ACCOUNT_CLOSED: 'PAYEE_NOT_FOUND',
  NAME_MISMATCH: 'NOT_ALLOWED',
  BANK_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
};

/** What the simulated MTN does with a request to pay (collection) or a transfer (disbursement) for this number. */
export function simulatedMtnOutcome(product: MtnProduct, msisdn: string): SimulatedMtnOutcome {
  const sandbox = MTN_SANDBOX_NUMBER.exec(msisdn);
  if (sandbox) {
    const row = MTN_SANDBOX_TABLE[Number(sandbox[1]) - 50]!;
    const reason = product === 'collection' ? row[0] : row[1];
    if (reason === 'ONGOING') return { kind: 'stays_pending' };
    if (reason === 'DELAYED') return { kind: 'delayed' };
    return { kind: 'fails', reason };
  }
  const scripted = sandboxOutcome(product === 'collection' ? 'collect' : 'payout', msisdn);
  if (scripted === 'succeeds') return { kind: 'succeeds' };
  if (scripted === 'delayed') return { kind: 'delayed' };
  if (scripted === 'stays_pending') return { kind: 'stays_pending' };
  return { kind: 'fails', reason: MTN_REASON_OF[scripted.fails] };
}

const GIVEN_NAMES = ['Jeanne', 'Paul', 'Aïcha', 'Emmanuel', 'Brigitte', 'Samuel', 'Clarisse', 'Ibrahim'];
const FAMILY_NAMES = ['Mballa', 'Nkoulou', 'Fotso', 'Abena', 'Tchoupo', 'Njoya', 'Ekotto', 'Bello'];

/**
 * Who holds the number, or null when it has no active account: the numbers whose payments fail as
 * "not found" (a payer for requests to pay, a payee for transfers). MTN's sandbox names everyone "Sand Box";
 * other numbers get a name chosen from their digits, so the same number always has the same holder.
 */
export function simulatedAccountHolder(msisdn: string): { givenName: string; familyName: string } | null {
  const asPayer = simulatedMtnOutcome('collection', msisdn);
  const asPayee = simulatedMtnOutcome('disbursement', msisdn);
  const notFound = (outcome: SimulatedMtnOutcome, reason: string) =>
    outcome.kind === 'fails' && outcome.reason === reason;
  if (notFound(asPayer, 'PAYER_NOT_FOUND') || notFound(asPayee, 'PAYEE_NOT_FOUND')) return null;
  if (MTN_SANDBOX_NUMBER.test(msisdn)) return { givenName: 'Sand', familyName: 'Box' };
  const digits = [...msisdn].reduce((sum, digit) => sum + Number(digit), 0);
  return {
    givenName: GIVEN_NAMES[digits % GIVEN_NAMES.length]!,
    familyName: FAMILY_NAMES[Number(msisdn.slice(-2)) % FAMILY_NAMES.length]!,
  };
}
