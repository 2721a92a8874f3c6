/**
 * Holds waiting for a person (state `needs_review`): the money may have moved outside the ledger (a rail, the bill
 * aggregator) but nobody could say so in time, so the ledger neither posts nor releases them on its own. A person
 * checks with the operator and decides; the workers then tell the owner how it ended.
 */
import type { Ledger } from './ledger';
import type { TransferResult } from './transferResults';
import type { Transfer } from './transfers';

/** What a person decides: the money left (or came in) as asked, or it never did. */
export type ReviewDecision = 'post' | 'void';

export const REVIEW_DECISIONS: readonly ReviewDecision[] = ['post', 'void'];

export type ReviewResult = TransferResult | { ok: false; reason: 'NOT_IN_REVIEW'; transfer?: Transfer };

/** The transfers waiting for a person, oldest first. */
export async function transfersInReview(ledger: Ledger, limit = 500): Promise<Transfer[]> {
  const waiting = await ledger.store.findTransfersByState(['needs_review'], limit);
  return waiting.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

/**
 * Applies a person's decision to a transfer in review, past its expiry too. Only a transfer in review may be
 * decided here: any other hold is for its rail or its service to settle.
 */
export async function decideReview(
  ledger: Ledger,
  transferId: string,
  decision: ReviewDecision,
): Promise<ReviewResult> {
  const transfer = await ledger.getTransfer(transferId);
  if (!transfer) return { ok: false, reason: 'NOT_FOUND' };
  if (transfer.state !== 'needs_review') return { ok: false, reason: 'NOT_IN_REVIEW', transfer };
  return decision === 'post'
    ? ledger.post(transferId, { confirmedBy: 'review' })
    : ledger.void(transferId, { confirmedBy: 'review' });
}
