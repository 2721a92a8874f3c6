/**
 * Sending money from one person's wallet to a Cameroonian mobile number. To someone with an account it is one
 * ledger transfer; to a number without one, the money is held for the number (a claim, domain/claims.ts) until
 * the person signs up, or goes back to the sender when the hold expires.
 *
 * Idempotent under the caller's id: the ledger transfer is `p2p:<id>`, so a retry, a restored conversation or
 * twenty copies of one message move the money once. Notices carry a dedupe key derived from the transfer, so the
 * Notifier (which sends each key at most once) tells the recipient once however many calls finish the send.
 *
 * The send's short reference (domain/shortReferences.ts) is reserved before the ledger hears of it and recorded on
 * the transfer, so the receipt, the recipient's notice and both history lines quote the same nine characters.
 */
import type { Claims } from './claims';
import { quote as feeQuote, defaultFeeSchedules, type FeeSchedule } from './fees';
import { accountIds, type AccountId } from './ledger/accounts';
import type { Spending } from './ledger/entries';
import { KYC_LIMITS, limitPeriods } from './ledger/kyc';
import type { Ledger } from './ledger/ledger';
import type { TransferRefusal } from './ledger/transferResults';
import type { CreditLeg, Transfer, TransferRequest } from './ledger/transfers';
import { isFrancs, type Francs } from './money';
import { dateParam, francsParam } from './notifications';
import type { Notifier } from './notifier';
import { formatMsisdnForDisplay, type Msisdn } from './phone';
import { deriveShortReference } from './shortReference';
import type { ShortReferences } from './shortReferences';
import type { UserDirectory } from './userDirectory';
import type { UserProfile } from './users';

/** Why a quote or a send is refused. Limits and funds come from the sender's KYC tier and balance. */
export type SendRefusal = 'INVALID_AMOUNT' | 'SAME_ACCOUNT' | 'SENDER_NOT_REGISTERED' | TransferRefusal;

/** What the confirmation screen shows before the PIN. */
export interface SendQuote {
  amount: number;
  fee: number;
  total: number;
  balanceAfter: number;
  recipientName: string | null;
  recipientRegistered: boolean;
}

/** `delivered`: in the recipient's wallet. `held`: waiting for the number to sign up. `returned`: came back. */
export type SendStatus = 'delivered' | 'held' | 'returned';

/** What the sender is shown after the send. */
export interface SendReceipt {
  /** The ledger transfer id. */
  reference: string;
  /** What the sender reads and quotes, the same as on the recipient's notice and both history lines. */
  shortReference: string;
  amount: number;
  fee: number;
  total: number;
  recipient: { msisdn: Msisdn; name: string | null };
  balanceAfter: number;
  status: SendStatus;
  /** When held: the money goes back to the sender if not claimed by then. */
  claimableUntil: Date | null;
}

export type QuoteResult = ({ ok: true } & SendQuote) | { ok: false; reason: SendRefusal };
export type SendResult = { ok: true; receipt: SendReceipt } | { ok: false; reason: SendRefusal };

/** A send as the flow asks for it; `id` is the idempotency key, chosen before the call. */
export interface SendRequest {
  id: string;
  sender: Msisdn;
  recipient: Msisdn;
  amount: number;
}

export interface SendMoneyOptions {
  ledger: Ledger;
  claims: Claims;
  users: UserDirectory;
  notifier: Notifier;
  /** Where each send's short reference is reserved before the ledger is asked. */
  shortReferences: ShortReferences;
  feeSchedule?: FeeSchedule;
  clock?: () => Date;
}

/** The send-money service the sendMoney flow invokes. */
export class SendMoney {
  private readonly ledger: Ledger;
  private readonly claims: Claims;
  private readonly users: UserDirectory;
  private readonly notifier: Notifier;
  private readonly shortReferences: ShortReferences;
  private readonly feeSchedule: FeeSchedule;
  private readonly clock: () => Date;

  constructor(options: SendMoneyOptions) {
    this.ledger = options.ledger;
    this.claims = options.claims;
    this.users = options.users;
    this.notifier = options.notifier;
    this.shortReferences = options.shortReferences;
    this.feeSchedule = options.feeSchedule ?? defaultFeeSchedules.p2p;
    this.clock = options.clock ?? (() => new Date());
  }

  /** The ledger transfer id of a send: derived from the caller's id, so the send is done at most once. */
  static transferId(id: string): string {
    return `p2p:${id}`;
  }

  /**
   * What a send would cost and leave, and who receives it. A preview: funds and limits are decided again, for
   * good, by the ledger when the money moves.
   */
  async quote(sender: Msisdn, recipient: Msisdn, amount: number): Promise<QuoteResult> {
    const priced = this.price(sender, recipient, amount);
    if (!priced.ok) return priced;
    // The sender's head (balance, status and spending as its chain says) and the recipient, read together.
    const [balance, profile] = await Promise.all([
      this.ledger.head(accountIds.wallet(sender)),
      this.users.find(recipient),
    ]);
    if (!balance) return { ok: false, reason: 'SENDER_NOT_REGISTERED' };
    if (balance.status !== 'active') {
      return { ok: false, reason: balance.status === 'frozen' ? 'ACCOUNT_FROZEN' : 'ACCOUNT_CLOSED' };
    }
    const { fee, total } = priced;
    if (balance.kycTier) {
      const limits = KYC_LIMITS[balance.kycTier];
      if (total > limits.perTransaction) return { ok: false, reason: 'LIMIT_PER_TRANSACTION' };
      if (total > balance.available) return { ok: false, reason: 'INSUFFICIENT_FUNDS' };
      const spent = spentSoFar(balance.spending, this.clock());
      if (spent.day + total > limits.perDay) return { ok: false, reason: 'LIMIT_DAILY' };
      if (spent.month + total > limits.perMonth) return { ok: false, reason: 'LIMIT_MONTHLY' };
    } else if (total > balance.available) {
      return { ok: false, reason: 'INSUFFICIENT_FUNDS' };
    }
    return {
      ok: true,
      amount,
      fee,
      total,
      balanceAfter: balance.available - total,
      recipientName: profile?.name ?? null,
      recipientRegistered: profile !== null,
    };
  }

  /**
   * Sends money: straight to a registered recipient's wallet, or held for a number without an account. Calling it
   * again with the same id (even concurrently) moves the money once and answers with the same receipt.
   */
  async send(request: SendRequest): Promise<SendResult> {
    const priced = this.price(request.sender, request.recipient, request.amount);
    if (!priced.ok) return priced;
    const transferId = SendMoney.transferId(request.id);
    const [senderProfile, recipientProfile, shortReference] = await Promise.all([
      this.users.find(request.sender),
      this.users.find(request.recipient),
      this.shortReferences.reserve(transferId),
    ]);
    let send: PricedSend = {
      ...request,
      fee: priced.fee,
      total: priced.total,
      transferId,
      shortReference,
      senderProfile,
    };
    const first = recipientProfile ? await this.deliver(send, recipientProfile) : await this.hold(send);
    if (first.ok || first.reason !== 'CONFLICT' || !first.transfer || !isSameSend(first.transfer, send)) {
      return first.ok ? first : { ok: false, reason: first.reason };
    }
    // The same send was first recorded the other way: the recipient signed up between two copies of this call.
    // The recorded transfer decides; continue it as it was recorded (without a short reference if it was recorded
    // before short references: its displays then show its first derivation).
    send = { ...send, shortReference: first.transfer.shortReference };
    const again =
      first.transfer.mode === 'single'
        ? await this.deliver(send, recipientProfile ?? (await this.users.find(request.recipient)))
        : await this.hold(send);
    return again.ok ? again : { ok: false, reason: again.reason };
  }

  /** Checks the request's shape and computes the fee; nothing is read. */
  private price(
    sender: Msisdn,
    recipient: Msisdn,
    amount: number,
  ): { ok: true; fee: number; total: number } | { ok: false; reason: SendRefusal } {
    if (!isFrancs(amount) || amount <= 0) return { ok: false, reason: 'INVALID_AMOUNT' };
    if (sender === recipient) return { ok: false, reason: 'SAME_ACCOUNT' };
    try {
      const { fee, total } = feeQuote(this.feeSchedule, amount as Francs);
      return { ok: true, fee, total };
    } catch (error) {
      if (error instanceof RangeError) return { ok: false, reason: 'INVALID_AMOUNT' };
      throw error;
    }
  }

  private async deliver(send: PricedSend, recipientProfile: UserProfile | null): Promise<Outcome> {
    const result = await this.ledger.transfer(this.ledgerRequest(send, 'single'));
    if (!result.ok) return { ok: false, reason: result.reason, transfer: result.transfer };
    await this.notifier.notify(
      send.recipient,
      {
        key: 'payments.received',
        params: {
          amount: francsParam(send.amount),
          sender: send.senderProfile?.name ?? formatMsisdnForDisplay(send.sender),
          number: formatMsisdnForDisplay(send.sender),
          reference: shown(send),
        },
      },
      `p2p-received:${send.transferId}`,
    );
    return this.receipt(send, recipientProfile?.name ?? null, 'delivered', null);
  }

  private async hold(send: PricedSend): Promise<Outcome> {
    // Idempotent: the wallet the person will find when they sign up with this number. A wallet closed when the
    // number's previous owner left stays closed (nothing can be paid into it at once) but takes the hold: the
    // money waits for whoever signs up with the number next, whose sign-up opens it again.
    await this.ledger.openAccount(accountIds.wallet(send.recipient), 'wallet', {
      ownerId: send.recipient,
      kycTier: 'basic',
    });
    const claim = await this.claims.open({
      transferId: send.transferId,
      sender: send.sender,
      recipient: send.recipient,
      amount: send.amount,
      fee: send.fee,
    });
    if (!claim)
      return { ok: false, reason: 'CONFLICT', transfer: (await this.ledger.getTransfer(send.transferId)) ?? undefined };
    const result = await this.ledger.transfer(this.ledgerRequest(send, 'pending', claim.expiresAt));
    if (!result.ok) return { ok: false, reason: result.reason, transfer: result.transfer };
    let transfer = result.transfer;
    if (transfer.state === 'held') {
      await this.notifier.notify(
        send.recipient,
        {
          key: 'payments.moneyWaiting',
          params: {
            sender: send.senderProfile?.name ?? formatMsisdnForDisplay(send.sender),
            number: formatMsisdnForDisplay(send.sender),
            amount: francsParam(send.amount),
            date: dateParam(claim.expiresAt),
            reference: shown(send),
          },
        },
        `claim-waiting:${send.transferId}`,
      );
      // The recipient may have signed up (and run claimAll) while this was being held: then nobody would claim it
      // until it expired. Looking again after the hold closes that gap.
      const signedUp = await this.users.find(send.recipient);
      if (signedUp) {
        const posted = await this.ledger.post(send.transferId);
        await this.claims.settle(claim, posted.transfer);
        transfer = posted.transfer ?? transfer;
      }
    }
    const status: SendStatus =
      transfer.state === 'posted' ? 'delivered' : transfer.state === 'held' ? 'held' : 'returned';
    const name = (await this.users.find(send.recipient))?.name ?? null;
    return this.receipt(send, name, status, status === 'held' ? claim.expiresAt : null);
  }

  private ledgerRequest(send: PricedSend, mode: 'single' | 'pending', expiresAt?: Date): TransferRequest {
    const credits: CreditLeg[] = [{ account: accountIds.wallet(send.recipient), amount: send.amount }];
    if (send.fee > 0) credits.push({ account: accountIds.fees, amount: send.fee });
    return {
      id: send.transferId,
      kind: 'p2p',
      debit: accountIds.wallet(send.sender),
      credits,
      mode,
      ...(mode === 'pending' ? { expiresAt } : {}),
      ...(send.shortReference === undefined ? {} : { shortReference: send.shortReference }),
    };
  }

  private async receipt(
    send: PricedSend,
    recipientName: string | null,
    status: SendStatus,
    claimableUntil: Date | null,
  ): Promise<Outcome> {
    const balance = await this.ledger.balance(accountIds.wallet(send.sender));
    return {
      ok: true,
      receipt: {
        reference: send.transferId,
        shortReference: shown(send),
        amount: send.amount,
        fee: send.fee,
        total: send.total,
        recipient: { msisdn: send.recipient, name: recipientName },
        balanceAfter: balance.available,
        status,
        claimableUntil,
      },
    };
  }
}

interface PricedSend extends SendRequest {
  fee: number;
  total: number;
  transferId: string;
  /** Absent only when continuing a send recorded before short references. */
  shortReference?: string;
  senderProfile: UserProfile | null;
}

/** The short reference a send is shown under (see PricedSend.shortReference). */
function shown(send: PricedSend): string {
  return send.shortReference ?? deriveShortReference(send.transferId);
}

type Outcome = { ok: true; receipt: SendReceipt } | { ok: false; reason: SendRefusal; transfer?: Transfer };

/** Whether a recorded transfer is this send (same payer, recipient, amount and fee), whatever its mode. */
function isSameSend(transfer: Transfer, send: PricedSend): boolean {
  const [toRecipient, toFees] = transfer.credits;
  return (
    transfer.kind === 'p2p' &&
    transfer.debit === accountIds.wallet(send.sender) &&
    toRecipient?.account === (accountIds.wallet(send.recipient) as AccountId) &&
    toRecipient.amount === send.amount &&
    (toFees?.amount ?? 0) === send.fee
  );
}

/** What the wallet has spent today and this month (Douala calendar), from its newest entry. */
function spentSoFar(spending: Spending | null, now: Date): { day: number; month: number } {
  const { day, month } = limitPeriods(now);
  return {
    day: spending?.day === day ? spending.dayOut : 0,
    month: spending?.month === month ? spending.monthOut : 0,
  };
}
