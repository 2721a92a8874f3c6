/**
 * How one attempt at a salary line moves money, as a merchant refund to mobile money does (refundMoney.ts): a payout
 * from the merchant account through RailPayments, held first (amount to the rail's clearing account, the fee to the
 * fees account), the rail asked once under the attempt's id, its outcome settled by the rail's callback, the
 * reconciler or the ledger's recovery. Every driver of an attempt begins the same payout, so it is paid at most once.
 */
import { accountIds } from '../../ledger/accounts';
import type { TransferRequest } from '../../ledger/transfers';
import { francs } from '../../money';
import type { RailPayments } from '../../railPayments/railPayments';
import type { RailPaymentRecord } from '../../railPayments/railPaymentsStore';
import type { SalaryAttempt, SalaryLine, SalaryLineStatus } from './salaryBatch';

/** Where an attempt stands, with the reason when it failed. */
export interface SalaryPayoutState {
  state: SalaryLineStatus;
  reason: string | null;
}

/** Begins the attempt's payout unless it was begun, then says where it stands. */
export async function driveSalaryPayout(
  line: SalaryLine,
  attempt: SalaryAttempt,
  payments: RailPayments,
): Promise<SalaryPayoutState> {
  const reference = attempt._id;
  let refusal: string | null = null;
  if (await unstarted(payments, reference)) {
    const amount = francs(line.amount);
    const fee = francs(line.fee);
    const started = await payments.begin({
      record: payoutOf(line, attempt),
      quote: { amount, fee, total: francs(amount + fee) },
      hold: (recorded, expiresAt) => holdOf(line, recorded, expiresAt),
      railAmount: line.amount,
      payeeNote: `salary ${line.reference}`,
    });
    if (!started.ok) refusal = started.reason;
  }
  return salaryPayoutState(payments, reference, line, refusal);
}

/** Where a begun attempt stands (no rail call): what the ledger and the rail payment's notes say. */
export async function salaryPayoutState(
  payments: RailPayments,
  reference: string,
  line: SalaryLine,
  refusal: string | null = null,
): Promise<SalaryPayoutState> {
  const transfer = await payments.ledger.getTransfer(reference);
  if (transfer?.state === 'needs_review') return { state: 'needs_review', reason: null };
  const view = await payments.lookup(reference, line.msisdn);
  if (!view) return refusal ? { state: 'failed', reason: refusal } : { state: 'pending', reason: null };
  if (view.status === 'pending') return { state: 'pending', reason: null };
  if (view.status === 'succeeded') return { state: 'paid', reason: null };
  return { state: 'failed', reason: view.reason ?? refusal ?? 'FAILED' };
}

/** Whether the payout was never begun, or its starter died before deciding to ask the rail (as refundMoney.ts). */
async function unstarted(payments: RailPayments, reference: string): Promise<boolean> {
  if (!(await payments.store.getRecord(reference))) return true;
  if (await payments.store.getDispatch(reference)) return false;
  return (await payments.ledger.getTransfer(reference)) === null;
}

/** The rail payment of an attempt, all from the line and the attempt, so every driver begins the same one. */
function payoutOf(line: SalaryLine, attempt: SalaryAttempt): RailPaymentRecord {
  return {
    _id: attempt._id,
    direction: 'payout',
    rail: line.rail,
    // Told by the batch's own notice (salaryLineId), never as a withdrawal.
    owner: line.msisdn,
    counterparty: line.msisdn,
    amount: line.amount,
    fee: line.fee,
    createdAt: attempt.createdAt,
    salaryLineId: line._id,
  };
}

/** The merchant account holds the amount for the rail's clearing account and the fee for the fees account. */
function holdOf(line: SalaryLine, payout: RailPaymentRecord, expiresAt: Date): TransferRequest {
  return {
    id: payout._id,
    kind: 'payout',
    debit: accountIds.merchant(line.merchantId),
    credits: [
      { account: accountIds.clearing(payout.rail), amount: payout.amount },
      ...(payout.fee > 0 ? [{ account: accountIds.fees, amount: payout.fee }] : []),
    ],
    mode: 'pending',
    expiresAt,
    rail: payout.rail,
  };
}
