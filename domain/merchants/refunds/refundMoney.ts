/**
 * How a recorded refund's money moves, and what became of it. To a wallet: one ledger transfer (kind `refund`) from
 * the merchant account to the payer's wallet, whose id derives from the refund's slot, so every driver (the caller,
 * its retry, the sweep after a crash) drives the same transfer and the ledger moves the money once. To mobile
 * money: a payout from the merchant account through RailPayments, held first exactly like a withdrawal, its
 * outcome settled by the rail's callback, the reconciler or the ledger's recovery.
 */
import { accountIds } from '../../ledger/accounts';
import type { Ledger } from '../../ledger/ledger';
import type { TransferRequest } from '../../ledger/transfers';
import { francs } from '../../money';
import type { RailPayments } from '../../railPayments/railPayments';
import type { RailPaymentRecord } from '../../railPayments/railPaymentsStore';
import { refundTransferId, type RefundRecord } from './refund';

/** Where a refund's money stands: still moving, or how it ended (`reason` when it failed). */
export type RefundMoneyState = { state: 'pending' } | { state: 'processed' } | { state: 'failed'; reason: string };

/** Moves a refund's money (idempotently) and says where it stands. */
export async function driveRefundMoney(
  record: RefundRecord,
  ledger: Ledger,
  railPayments: RailPayments | undefined,
): Promise<RefundMoneyState> {
  return record.destination === 'wallet' ? toWallet(record, ledger) : toMobileMoney(record, railPayments);
}

async function toWallet(record: RefundRecord, ledger: Ledger): Promise<RefundMoneyState> {
  const id = refundTransferId(record);
  const result = await ledger.transfer({
    id,
    kind: 'refund',
    debit: accountIds.merchant(record.merchantId),
    credits: [{ account: accountIds.wallet(record.payee), amount: record.amount }],
    mode: 'single',
    refundOf: record.paymentTransferId,
    shortReference: record.shortReference,
  });
  const transfer = result.transfer;
  // Refused before anything was recorded (an account missing): nothing moved, but nothing is recorded either, so
  // another driver could still move it. A fault, not an outcome: the refund stays pending and is driven again.
  if (!transfer) throw new Error(`refund transfer ${id} refused without a record: ${result.ok ? '' : result.reason}`);
  if (transfer.state === 'posted') return { state: 'processed' };
  if (transfer.state === 'rejected') return { state: 'failed', reason: transfer.reason ?? 'REJECTED' };
  return { state: 'pending' };
}

async function toMobileMoney(record: RefundRecord, payments: RailPayments | undefined): Promise<RefundMoneyState> {
  if (!payments || record.rail === null) throw new Error(`refund ${record._id} pays out without rail payments`);
  const reference = refundTransferId(record);
  if (await unstarted(payments, reference)) {
    const payout = payoutOf(record);
    const amount = francs(record.amount);
    await payments.begin({
      record: payout,
      quote: { amount, fee: francs(0), total: amount },
      hold: (recorded, expiresAt) => holdOf(record, recorded, expiresAt),
      railAmount: record.amount,
      payeeNote: `refund ${record.shortReference}`,
    });
  }
  const view = await payments.lookup(reference, record.payee);
  if (!view || view.status === 'pending') return { state: 'pending' };
  return view.status === 'succeeded' ? { state: 'processed' } : { state: 'failed', reason: view.reason ?? 'FAILED' };
}

/**
 * Whether the payout was never begun, or its starter died before deciding to ask the rail (no hold, no dispatch
 * decision): begin (idempotent) then finishes it, or finds the reconciler gave it up. Once asked, only a lookup.
 */
async function unstarted(payments: RailPayments, reference: string): Promise<boolean> {
  if (!(await payments.store.getRecord(reference))) return true;
  if (await payments.store.getDispatch(reference)) return false;
  return (await payments.ledger.getTransfer(reference)) === null;
}

/**
 * The rail payment of a refund, all from its record, so every driver begins the same one. No payout fee is charged
 * (refunds are free to the payer; what the rail costs is the operator's, a pricing decision left for later).
 */
function payoutOf(record: RefundRecord): RailPaymentRecord {
  return {
    _id: refundTransferId(record),
    direction: 'payout',
    rail: record.rail!,
    // Told by the refund's own notice (refundId below), never as a withdrawal.
    owner: record.payee,
    counterparty: record.payee,
    amount: record.amount,
    fee: 0,
    createdAt: record.createdAt,
    refundId: record._id,
  };
}

/** The merchant account holds the amount for the rail's clearing account, as a wallet does for a withdrawal. */
function holdOf(record: RefundRecord, payout: RailPaymentRecord, expiresAt: Date): TransferRequest {
  return {
    id: payout._id,
    kind: 'refund',
    debit: accountIds.merchant(record.merchantId),
    credits: [{ account: accountIds.clearing(payout.rail), amount: payout.amount }],
    mode: 'pending',
    expiresAt,
    rail: payout.rail,
    refundOf: record.paymentTransferId,
  };
}
