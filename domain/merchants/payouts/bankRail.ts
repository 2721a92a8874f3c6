/**
 * The `bank` rail as RailPayments sees it (a PaymentRail): a payout's bank account is not a phone number, so the
 * rail reads it from the payout's record, named by the rail request's reference (the payout's transfer id), and
 * sends it through the bank's API (BankTransfers). Nothing is collected by bank.
 */
import type { PaymentRail, RailAcceptance, RailFailure, RailRequest, RailStatus } from '../../paymentRail';
import { railText } from '../../paymentRail';
import type { BankTransfers, BankTransferStatus } from './bankTransfers';
import type { PayoutStore } from './payoutStore';

/** A PaymentRail that pays merchants' payouts to bank accounts. */
export class BankRail implements PaymentRail {
  constructor(
    private readonly bank: BankTransfers,
    private readonly payouts: PayoutStore,
  ) {}

  async requestPayment(): Promise<RailAcceptance> {
    return { ok: false, reason: 'UNAVAILABLE' };
  }

  async payout(request: RailRequest): Promise<RailAcceptance> {
    const payout = await this.payouts.getPayout(request.reference);
    // Only a payout's own transfer reaches this rail; anything else is never sent (a promise: refused).
    if (!payout || payout.destination.type !== 'bank') return { ok: false, reason: 'UNAVAILABLE' };
    const { destination } = payout;
    const accepted = await this.bank.send({
      reference: request.reference,
      amount: request.amount,
      accountNumber: destination.accountNumber,
      bankCode: destination.bankCode,
      accountName: destination.accountName,
      narration: railText(payout.reference ?? request.shortReference ?? request.reference).slice(0, 70),
    });
    return accepted.ok ? { ok: true } : { ok: false, reason: 'INVALID_NUMBER' };
  }

  async status(direction: 'collect' | 'payout', reference: string): Promise<RailStatus> {
    if (direction === 'collect') return { outcome: 'failed', reason: 'NOT_FOUND' };
    return statusOf(await this.bank.status(reference));
  }
}

function statusOf(answer: BankTransferStatus): RailStatus {
  switch (answer.status) {
    case 'COMPLETED':
      return { outcome: 'succeeded' };
    case 'PENDING':
    case 'PROCESSING':
      return { outcome: 'pending' };
    case 'NOT_FOUND':
      return { outcome: 'failed', reason: 'NOT_FOUND' };
    case 'FAILED':
      return { outcome: 'failed', reason: answer.reason satisfies RailFailure };
  }
}
