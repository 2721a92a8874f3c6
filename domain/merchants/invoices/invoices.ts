/**
 * Merchants' invoices: a draft made once under the caller's id and numbered on creation (invoiceNumbers.ts), sent
 * to the customer as a public page (`/i/<token>`, a random 256-bit token as for pay pages) by chat or SMS, paid in
 * one or several merchant requests made from that page (source `invoice`), cancelled while nothing is paid. Its
 * status is computed from its marks and from the requests made from its page (the sum of those paid), never
 * stored; the events of what happened are recorded as they are seen (the recorder keeps each once). One payment is
 * in flight at a time (invoiceSlots.ts), asking at most what is due then, so an invoice is never paid above its total.
 */
import { createHash, randomBytes } from 'node:crypto';
import { isFrancs } from '../../money';
import { dateParam, francsParam, type Notice } from '../../notifications';
import type { Notifier } from '../../notifier';
import { newPayToken, isPayTokenShaped } from '../../paymentRequests/payToken';
import { parseCameroonMobile } from '../../phone';
import { canOperate } from '../merchant';
import type { MerchantEventRecorder, MerchantEventType } from '../merchantEvent';
import type { CancelMerchantRequest, CreateMerchantRequest, MerchantRequestStatus } from '../merchantRequestPort';
import type { MerchantStore } from '../merchantStore';
import type { Invoice, InvoiceSlot, InvoiceStore } from './invoice';
import {
  checkInvoice,
  CLIENT_ID,
  comparable,
  type CheckedInvoice,
  type CreateInvoiceRefusal,
  type NewInvoice,
} from './invoiceInput';
import { takeInvoiceNumber, formatInvoiceNumber } from './invoiceNumbers';
import { InvoiceSlots } from './invoiceSlots';
import { invoiceView, type InvoiceView } from './invoiceView';

export type { CreateInvoiceRefusal, NewInvoice } from './invoiceInput';

export type InvoiceActionRefusal = 'NOT_FOUND' | 'CANCELLED' | 'ALREADY_PAID' | 'HAS_PAYMENTS' | 'NO_PHONE';

export type InvoicePayRefusal =
  | 'NOT_FOUND'
  | 'NOT_PAYABLE'
  | 'MERCHANT_UNAVAILABLE'
  | 'INVALID_NUMBER'
  | 'INVALID_AMOUNT'
  | 'AMOUNT_TOO_HIGH'
  /** Another payment of the invoice is in flight: it may end unpaid, or paid, leaving less (or nothing) due. */
  | 'BUSY'
  | 'REFUSED';

/** The statuses an invoice's page takes payments in (while something is due). */
const PAYABLE_STATUSES: readonly string[] = ['sent', 'partially_paid', 'overdue'];
// Payers who each see the slot free and lose the insert to another look again this many times.
const TAKE_TRIES = 3;

/** What an invoice's public page shows. */
export interface InvoicePageView {
  invoice: InvoiceView;
  merchantName: string;
  /** Whether the page offers its pay form (sent, not cancelled, something due). */
  payable: boolean;
}

export interface InvoicesOptions {
  store: InvoiceStore;
  merchants: Pick<MerchantStore, 'getMerchant'>;
  createRequest: CreateMerchantRequest;
  requestStatus: MerchantRequestStatus;
  /** Takes back the requests still open when their invoice is cancelled; without it they stay payable. */
  cancelRequest?: CancelMerchantRequest;
  notifier: Notifier;
  events?: MerchantEventRecorder;
  /** Where pages are served (an invoice's page is `<publicUrl>/i/<token>`). */
  publicUrl: string;
  clock?: () => Date;
}

export class Invoices {
  readonly clock: () => Date;
  private readonly slots: InvoiceSlots;

  constructor(readonly options: InvoicesOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.slots = new InvoiceSlots(options.store, options.requestStatus, this.clock);
  }

  /** Makes a draft under the caller's id, numbered now; the same id again returns it (other fields: CONFLICT). */
  async create(
    input: NewInvoice,
  ): Promise<{ ok: true; invoice: InvoiceView } | { ok: false; reason: CreateInvoiceRefusal }> {
    if (!CLIENT_ID.test(input.id)) return { ok: false, reason: 'INVALID_ID' };
    const merchant = await this.options.merchants.getMerchant(input.merchantId);
    if (!merchant) return { ok: false, reason: 'MERCHANT_NOT_FOUND' };
    if (!canOperate(merchant)) return { ok: false, reason: 'MERCHANT_SUSPENDED' };
    const checked = checkInvoice(input);
    if (!checked.ok) return checked;
    const { store } = this.options;
    const _id = invoiceIdOf(input.merchantId, input.id);
    const existing = await store.getInvoice(_id);
    if (existing) return this.repeated(existing, checked.invoice);
    const now = this.clock();
    const number = await takeInvoiceNumber(store, input.merchantId, _id, now);
    const invoice: Invoice = {
      ...checked.invoice,
      _id,
      number: formatInvoiceNumber(number.year, number.seq),
      createdAt: now,
      settled: false,
    };
    if ((await store.insertInvoice(invoice)) === 'duplicate') {
      const winner = await store.getInvoice(_id);
      if (!winner) throw new Error(`invoice ${_id} reported as duplicate but not found`);
      return this.repeated(winner, checked.invoice);
    }
    return { ok: true, invoice: await this.view(invoice) };
  }

  /** A merchant's invoice with its status now; null when not theirs. */
  async get(merchantId: string, invoiceId: string): Promise<InvoiceView | null> {
    const invoice = await this.options.store.getInvoice(invoiceId);
    return invoice && invoice.merchantId === merchantId ? this.refresh(invoice) : null;
  }

  /** A merchant's invoices, newest first. */
  async list(
    merchantId: string,
    options: { limit: number; startingAfter?: string },
  ): Promise<{ data: InvoiceView[]; hasMore: boolean }> {
    const limit = Math.min(Math.max(Math.trunc(options.limit), 1), 100);
    const invoices = await this.options.store.list(merchantId, { ...options, limit: limit + 1 });
    const data = await Promise.all(invoices.slice(0, limit).map((i) => this.view(i)));
    return { data, hasMore: invoices.length > limit };
  }

  /**
   * Sends the invoice: its public page is made (once), and the customer is told its link by chat (where they last
   * wrote, SMS otherwise) or by SMS. Sending again by the same channel tells nobody twice.
   */
  async send(
    merchantId: string,
    invoiceId: string,
    options: { channel: 'chat' | 'sms' },
  ): Promise<{ ok: true; invoice: InvoiceView } | { ok: false; reason: InvoiceActionRefusal }> {
    const { store, notifier } = this.options;
    const invoice = await store.getInvoice(invoiceId);
    if (!invoice || invoice.merchantId !== merchantId) return { ok: false, reason: 'NOT_FOUND' };
    const phone = invoice.customer.phone;
    if (!phone) return { ok: false, reason: 'NO_PHONE' };
    const before = await this.view(invoice);
    if (before.status === 'cancelled') return { ok: false, reason: 'CANCELLED' };
    if (before.status === 'paid') return { ok: false, reason: 'ALREADY_PAID' };
    const url = await this.pageFor(invoice);
    await store.insertMark({ _id: `invoice-sent:${invoice._id}`, invoiceId: invoice._id, at: this.clock() });
    const merchant = await this.options.merchants.getMerchant(merchantId);
    const notice: Notice = {
      key: 'invoices.sent',
      params: {
        merchant: merchant?.name ?? '',
        number: invoice.number,
        amount: francsParam(before.amountDue),
        date: dateParam(invoice.dueDate),
        link: url,
      },
      ...(options.channel === 'sms' ? { bySms: true } : {}),
    };
    await notifier.notify(phone, notice, `invoice-sent:${invoice._id}:${options.channel}`);
    const view = await this.view(invoice);
    await this.record(invoice, 'invoice.sent', `${invoice._id}:sent`, view);
    return { ok: true, invoice: view };
  }

  /**
   * Cancels an invoice nothing was paid on, and takes back the requests its page made that are still open; an
   * attempt already being paid finishes (and is counted). Cancelling again is fine.
   */
  async cancel(
    merchantId: string,
    invoiceId: string,
  ): Promise<{ ok: true; invoice: InvoiceView } | { ok: false; reason: InvoiceActionRefusal }> {
    const { store } = this.options;
    const invoice = await store.getInvoice(invoiceId);
    if (!invoice || invoice.merchantId !== merchantId) return { ok: false, reason: 'NOT_FOUND' };
    const before = await this.view(invoice);
    if (before.status === 'paid') return { ok: false, reason: 'ALREADY_PAID' };
    if (before.amountPaid > 0) return { ok: false, reason: 'HAS_PAYMENTS' };
    await store.insertMark({ _id: `invoice-cancelled:${invoice._id}`, invoiceId: invoice._id, at: this.clock() });
    await store.markSettled(invoice._id);
    const { cancelRequest, requestStatus } = this.options;
    if (cancelRequest) {
      for (const payment of await store.payments(invoice._id)) {
        if ((await requestStatus(payment._id, merchantId)) === 'open') {
          await cancelRequest({ merchantId, requestId: payment._id });
        }
      }
    }
    const view = await this.view(invoice);
    await this.record(invoice, 'invoice.cancelled', `${invoice._id}:cancelled`, view);
    return { ok: true, invoice: view };
  }

  /** What the page of a token shows; null for a token that opens nothing. */
  async open(token: string): Promise<InvoicePageView | null> {
    const invoice = await this.invoiceOf(token);
    if (!invoice) return null;
    const view = await this.refresh(invoice);
    const merchant = await this.options.merchants.getMerchant(invoice.merchantId);
    const payable = PAYABLE_STATUSES.includes(view.status) && view.amountDue > 0;
    return { invoice: view, merchantName: merchant?.name ?? '', payable };
  }

  /**
   * Makes a merchant request for the typed number and amount (the amount due when none; less is a part payment),
   * while no other payment of the invoice is in flight: the payer first takes the invoice's slot (invoiceSlots.ts),
   * then the amount is checked against what is due with that slot held, so the paid sum never exceeds the total.
   * The same number coming back while its payment is in flight goes on with that request. `attemptId`: the form's
   * idempotency key (the request's id derives from it).
   */
  async pay(input: {
    token: string;
    payerNumber: string;
    amount: string | null;
    attemptId?: string;
  }): Promise<{ ok: true; requestId: string; payUrl: string } | { ok: false; reason: InvoicePayRefusal }> {
    const page = await this.open(input.token);
    const invoice = page ? await this.options.store.getInvoice(page.invoice.id) : null;
    if (!page || !invoice) return { ok: false, reason: 'NOT_FOUND' };
    if (!page.payable) return { ok: false, reason: 'NOT_PAYABLE' };
    const merchant = await this.options.merchants.getMerchant(invoice.merchantId);
    if (!merchant || !canOperate(merchant)) return { ok: false, reason: 'MERCHANT_UNAVAILABLE' };
    const number = parseCameroonMobile(input.payerNumber);
    if (!number.ok) return { ok: false, reason: 'INVALID_NUMBER' };
    const text = (input.amount ?? '').replace(/[\s\u00a0\u202f]/g, '');
    const typed = text === '' ? null : /^\d{1,10}$/.test(text) ? Number(text) : NaN;
    if (typed !== null && (!isFrancs(typed) || typed <= 0)) return { ok: false, reason: 'INVALID_AMOUNT' };
    const attemptId = /^[A-Za-z0-9_-]{8,64}$/.test(input.attemptId ?? '')
      ? input.attemptId!
      : randomBytes(9).toString('base64url');
    const requestId = `inv-${invoice._id.slice(4)}-${attemptId}`;
    for (let tries = 0; tries < TAKE_TRIES; tries += 1) {
      const latest = await this.slots.latest(invoice);
      if (latest.state === 'held' && latest.slot) {
        const held = latest.slot;
        const mine =
          held.requestId === requestId || (held.payer === number.msisdn && (typed === null || typed === held.amount));
        return mine ? this.requestFor(invoice, held, false) : { ok: false, reason: 'BUSY' };
      }
      // No payment in flight: what is due now stays so while this payer holds the slot.
      const view = await this.view(invoice);
      if (!PAYABLE_STATUSES.includes(view.status) || view.amountDue <= 0) return { ok: false, reason: 'NOT_PAYABLE' };
      const amount = typed ?? view.amountDue;
      if (amount > view.amountDue) return { ok: false, reason: 'AMOUNT_TOO_HIGH' };
      const slot = await this.slots.take(invoice._id, latest.slot, { requestId, payer: number.msisdn, amount });
      if (slot) return this.requestFor(invoice, slot, true);
    }
    return { ok: false, reason: 'BUSY' };
  }

  /**
   * What the composition root calls when a request made from an invoice's page is paid: the invoice's events
   * (`invoice.paid`, `invoice.partially_paid`) are recorded then, not only when someone reads it. Safe to repeat.
   */
  async requestPaid(invoiceId: string): Promise<void> {
    const invoice = await this.options.store.getInvoice(invoiceId);
    if (invoice) await this.refresh(invoice);
  }

  /** An invoice's view with its status now, recording the events its status shows (each once). */
  async refresh(invoice: Invoice): Promise<InvoiceView> {
    const view = await this.view(invoice);
    if (view.status === 'paid' || view.status === 'cancelled') {
      if (!invoice.settled) await this.options.store.markSettled(invoice._id);
    }
    if (view.status === 'paid') await this.record(invoice, 'invoice.paid', `${invoice._id}:paid`, view);
    if (view.amountPaid > 0 && view.amountPaid < view.total) {
      const key = `${invoice._id}:partially_paid:${view.amountPaid}`;
      await this.record(invoice, 'invoice.partially_paid', key, view);
    }
    if (view.status === 'overdue') await this.record(invoice, 'invoice.overdue', `${invoice._id}:overdue`, view);
    return view;
  }

  /** The invoice as the API shows it now (no events). */
  async view(invoice: Invoice): Promise<InvoiceView> {
    const { store, requestStatus } = this.options;
    const [marks, payments, token] = await Promise.all([
      store.marks(invoice._id),
      store.payments(invoice._id),
      store.tokenOf(invoice._id),
    ]);
    const markAt = (kind: string) => marks.find((m) => m._id === `${kind}:${invoice._id}`)?.at ?? null;
    const statuses = await Promise.all(payments.map((p) => requestStatus(p._id, invoice.merchantId)));
    const amountPaid = payments.reduce((sum, p, i) => sum + (statuses[i] === 'paid' ? p.amount : 0), 0);
    return invoiceView(invoice, {
      sentAt: markAt('invoice-sent'),
      cancelledAt: markAt('invoice-cancelled'),
      amountPaid,
      url: token ? this.urlOf(token.token) : null,
      now: this.clock(),
    });
  }

  /** Makes (or finds again) the request of a slot the payer holds; a slot taken for it is freed when it is refused. */
  private async requestFor(
    invoice: Invoice,
    slot: InvoiceSlot,
    taken: boolean,
  ): Promise<{ ok: true; requestId: string; payUrl: string } | { ok: false; reason: InvoicePayRefusal }> {
    const { store, createRequest, cancelRequest } = this.options;
    const requestId = slot.requestId!;
    await store.insertPayment({ _id: requestId, invoiceId: invoice._id, amount: slot.amount, at: this.clock() });
    const made = await createRequest({
      merchantId: invoice.merchantId,
      id: requestId,
      payer: slot.payer!,
      amount: slot.amount,
      reason: `Facture ${invoice.number}`,
      orderReference: invoice.number,
      source: 'invoice',
      sourceId: invoice._id,
    });
    if (!made.ok) {
      if (taken) await this.slots.release(slot);
      return { ok: false, reason: 'REFUSED' };
    }
    if (!(await this.slots.isLatest(slot))) {
      // This process was so slow that its slot was thought orphaned and another payer took the next one: the amount
      // due may have changed, so the request is taken back before anyone is sent to pay it.
      await cancelRequest?.({ merchantId: invoice.merchantId, requestId: made.requestId });
      return { ok: false, reason: 'BUSY' };
    }
    return { ok: true, requestId: made.requestId, payUrl: made.payUrl };
  }

  private async pageFor(invoice: Invoice): Promise<string> {
    const { store } = this.options;
    let token = await store.tokenOf(invoice._id);
    if (!token) {
      const fresh = { _id: invoice._id, token: newPayToken(), at: this.clock() };
      token = (await store.insertToken(fresh)) === 'inserted' ? fresh : await store.tokenOf(invoice._id);
      if (!token) throw new Error(`page of invoice ${invoice._id} reported as duplicate but not found`);
    }
    return this.urlOf(token.token);
  }

  private urlOf(token: string): string {
    return `${this.options.publicUrl.replace(/\/+$/, '')}/i/${token}`;
  }

  private async invoiceOf(token: string): Promise<Invoice | null> {
    if (!isPayTokenShaped(token)) return null;
    const found = await this.options.store.byToken(token);
    return found ? this.options.store.getInvoice(found._id) : null;
  }

  private async repeated(stored: Invoice, asked: CheckedInvoice) {
    const same = JSON.stringify(comparable(stored)) === JSON.stringify(comparable(asked));
    return same
      ? { ok: true as const, invoice: await this.view(stored) }
      : { ok: false as const, reason: 'CONFLICT' as const };
  }

  private async record(invoice: Invoice, type: MerchantEventType, subjectKey: string, view: InvoiceView) {
    await this.options.events?.record({ merchantId: invoice.merchantId, type, subjectKey, data: jsonOf(view) });
  }
}

/** An invoice's id: the same merchant and caller's id give the same invoice. */
function invoiceIdOf(merchantId: string, clientId: string): string {
  return `inv_${createHash('sha256').update(`${merchantId}\u0000${clientId}`).digest('hex').slice(0, 24)}`;
}

/** A view as plain JSON (dates as ISO text) for an event's data. */
function jsonOf(view: InvoiceView): Record<string, unknown> {
  return JSON.parse(JSON.stringify(view)) as Record<string, unknown>;
}
