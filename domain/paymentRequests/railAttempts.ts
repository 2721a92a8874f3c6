/**
 * A payment request paid through a rail (the pay page): the payer is prompted on their phone (MTN MoMo, Orange
 * Money) or pays on the card provider's hosted page, and the rail's collection credits the requester. It is the
 * path of a top-up from another number (railPayments/): a pending transfer from the rail's clearing account to the
 * requester, posted once the rail confirms by its `status` call, released otherwise. Only the transfer id differs:
 * it is the attempt's `preq:<request>:<seq>`, named by the request's `paying` step (requestSteps.ts).
 *
 * Anyone who meets an attempt drives it here: the first call starts the collection, the others (a retry, the
 * expiry worker after a crash, the page's status view) find it started, since RailPayments.begin is idempotent
 * under the transfer id and asks the rail once. What the attempt became is read from the rail payment, whose final
 * state never changes, so every driver records the same outcome.
 */
import { computeFee, type Operation } from '../fees';
import { accountIds, type Rail } from '../ledger/accounts';
import type { TransferRequest } from '../ledger/transfers';
import { francs, type Francs } from '../money';
import { railText } from '../paymentRail';
import { formatMsisdnForDisplay, type Msisdn } from '../phone';
import type { RailPayments } from '../railPayments/railPayments';
import type { RailPaymentRecord } from '../railPayments/railPaymentsStore';
import type { PayLinkStore } from './payLinkStore';
import type { PaymentRequest, RequestStep } from './paymentRequestStore';

/** Where a rail attempt stands. `checkoutUrl`: where a card payer pays (null for a phone prompt). */
export type RailAttemptState =
  { state: 'pending'; checkoutUrl: string | null } | { state: 'paid' } | { state: 'failed'; reason: string };

/** What the request's steps need to finish a rail attempt. */
export interface RailAttemptDriver {
  drive(request: PaymentRequest, paying: RequestStep): Promise<RailAttemptState>;
}

/** The fee schedule of a collection by each rail: a top-up's (the rail's cost), paid by the payer on top. */
/** Bank transfers only pay out: a request is never paid by bank. */
const COLLECTION_OPERATIONS: Partial<Record<Rail, Operation>> = {
  mtn_momo: 'topup_momo',
  orange_money: 'topup_om',
  card: 'topup_card',
};

/** Drives rail attempts through RailPayments; notes a card attempt's checkout page for every later reader. */
export class RequestRailAttempts implements RailAttemptDriver {
  constructor(
    private readonly payments: RailPayments,
    private readonly links: PayLinkStore,
    /** The request's pay page, where a card payer comes back to from the checkout page. */
    private readonly pageOf: (request: PaymentRequest) => Promise<string>,
  ) {}

  /** Whether this deployment can collect by `rail`. */
  hasRail(rail: Rail): boolean {
    return COLLECTION_OPERATIONS[rail] !== undefined && this.payments.hasRail(rail);
  }

  /** What the payer pays on top of `amount` when paying by `rail`. */
  feeFor(rail: Rail, amount: number): number {
    const operation = COLLECTION_OPERATIONS[rail];
    if (!operation) throw new RangeError(`nothing is collected by ${rail}`);
    return computeFee(this.payments.fees[operation], amount as Francs);
  }

  async drive(request: PaymentRequest, paying: RequestStep): Promise<RailAttemptState> {
    const reference = paying.transferId!;
    const owner = request.requester.contact;
    if (await this.unstarted(reference)) {
      const record = recordOf(request, paying);
      const started = await this.payments.begin({
        record,
        quote: { amount: francs(record.amount), fee: francs(record.fee), total: francs(record.amount + record.fee) },
        hold: (recorded, expiresAt) => holdOf(request, recorded, expiresAt),
        railAmount: record.amount + record.fee,
        // Who asks, as registered; never the requester's free text, which could be written to pass for the operator.
        payerMessage: railText(`${request.requester.name} ${formatMsisdnForDisplay(request.requester.contact)}`),
        payeeNote: request._id,
        returnUrl: await this.pageOf(request),
      });
      if (started.ok && started.checkoutUrl) {
        await this.links.insertCheckout({ _id: reference, url: started.checkoutUrl, at: record.createdAt });
      }
    }
    const view = await this.payments.lookup(reference, owner);
    if (!view || view.status === 'pending') {
      return { state: 'pending', checkoutUrl: (await this.links.checkout(reference))?.url ?? null };
    }
    return view.status === 'succeeded' ? { state: 'paid' } : { state: 'failed', reason: view.reason ?? 'FAILED' };
  }

  /**
   * Whether the attempt's payment was never begun, or its starter died before deciding to ask the rail (no hold,
   * no dispatch decision): begin (idempotent) then finishes it, or finds the reconciler gave it up. Once the rail
   * was asked, or the payment given up, only a lookup follows.
   */
  private async unstarted(reference: string): Promise<boolean> {
    const { store, ledger } = this.payments;
    if (!(await store.getRecord(reference))) return true;
    if (await store.getDispatch(reference)) return false;
    return (await ledger.getTransfer(reference)) === null;
  }
}

/** The rail payment of an attempt, all from the request and its step, so every driver records the same one. */
function recordOf(request: PaymentRequest, paying: RequestStep): RailPaymentRecord {
  return {
    _id: paying.transferId!,
    direction: 'collect',
    rail: paying.rail!,
    owner: request.requester.contact,
    counterparty: paying.railPayer as Msisdn,
    amount: request.amount,
    fee: paying.fee ?? 0,
    createdAt: paying.at,
    requestId: request._id,
  };
}

/** The clearing account pays the requester (their wallet or merchant account) the amount, and the fees the fee. */
function holdOf(request: PaymentRequest, record: RailPaymentRecord, expiresAt: Date): TransferRequest {
  return {
    id: record._id,
    kind: request.requester.kind === 'merchant' ? 'merchant' : 'topup',
    debit: accountIds.clearing(record.rail),
    credits: [
      { account: request.requester.account, amount: record.amount },
      ...(record.fee > 0 ? [{ account: accountIds.fees, amount: record.fee }] : []),
    ],
    mode: 'pending',
    expiresAt,
    rail: record.rail,
  };
}
