/**
 * Port: a rail on which a collection not yet paid can be called off. A card provider's hosted checkout stays open
 * for hours (Notch Pay: 3), longer than we hold the money for it; left alone, an abandoned checkout outlives the
 * hold and goes to a person for review. Called off at the provider first, it ends cleanly as a failure, and a
 * payer who paid just before still gets the credit: the rail's status after the cancel decides, never the cancel.
 */
import type { PaymentRail, RailStatus } from '../paymentRail';
import type { RailPaymentRecord } from './railPaymentsStore';

export interface CancellableRail {
  /**
   * Asks the rail to cancel a collection still pending, then answers the payment's status as the rail tells it
   * afterwards: failed once canceled, succeeded when the payer paid first (or meanwhile), pending when the rail has
   * not ended it yet. Throws when the rail cannot be asked.
   */
  cancelCollection(reference: string): Promise<RailStatus>;
}

/** Whether a rail can call a pending collection off. */
export function canCancel(rail: PaymentRail): rail is PaymentRail & CancellableRail {
  return typeof (rail as Partial<CancellableRail>).cancelCollection === 'function';
}

/**
 * A collection still pending, called off at its rail when the rail can: the status the rail gives after that is the
 * answer. A payment the rail cancels for us failed for want of being paid in time (EXPIRED, whatever word the rail
 * uses for it). A cancel that cannot be asked leaves it pending: the next look tries again, and past the hold's
 * expiry it goes to review as before.
 */
export async function cancelPendingCollection(
  rail: PaymentRail,
  record: Pick<RailPaymentRecord, '_id' | 'direction'>,
  status: RailStatus,
): Promise<RailStatus> {
  if (status.outcome !== 'pending' || record.direction !== 'collect' || !canCancel(rail)) return status;
  let after: RailStatus;
  try {
    after = await rail.cancelCollection(record._id);
  } catch {
    return status;
  }
  return after.outcome === 'failed' && after.reason !== 'NOT_FOUND' ? { outcome: 'failed', reason: 'EXPIRED' } : after;
}
