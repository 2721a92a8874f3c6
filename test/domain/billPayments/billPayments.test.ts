import { randomUUID } from 'node:crypto';
import { billTransferId } from '../../../domain/billPayments/billPaymentResults';
import { BillPayments, type BillPaymentsOptions } from '../../../domain/billPayments/billPayments';
import { startBillReconciler } from '../../../domain/billPayments/billPaymentReconciler';
import type { BillPaymentStore } from '../../../domain/billPayments/billPaymentStore';
import type { BillAggregator, PayItem } from '../../../domain/billPayments/billAggregator';
import { accountIds, type AccountId } from '../../../domain/ledger/accounts';
import { Ledger } from '../../../domain/ledger/ledger';
import { recoverOnce } from '../../../domain/ledger/recovery';
import type { LedgerStore } from '../../../domain/ledger/ledgerStore';
import type { Notice } from '../../../domain/notifications';
import type { Notifier } from '../../../domain/notifier';
import type { Msisdn } from '../../../domain/phone';
import { deriveShortReference } from '../../../domain/shortReference';
import { ShortReferences } from '../../../domain/shortReferences';
import { SimulatedBillAggregator } from '../../../integrations/bills/simulatedBillAggregator';
import { MongoShortReferenceStore } from '../../../integrations/mongo/shortReferenceStore';
import { ensureBillPaymentIndexes, MongoBillPaymentStore } from '../../../integrations/mongo/billPaymentStore';
import { MortalProcess, SimulatedCrash } from '../../support/crashingStore';
import { expectConsistent, useLedger } from '../../support/ledger';

/** A clock the test moves forward by hand, shared by the ledger, the service and the aggregator. */
let now = new Date('2026-11-29T10:00:00Z');
const clock = () => now;
const advance = (ms: number) => (now = new Date(now.getTime() + ms));
const MINUTE = 60_000;

/** Records every notice it is asked to send, and delivers each dedupe key once, as the outbox does. */
class RecordingNotifier implements Notifier {
  readonly calls: { to: Msisdn; notice: Notice; dedupeKey: string }[] = [];
  readonly delivered = new Map<string, Notice>();

  async notify(to: Msisdn, notice: Notice, dedupeKey: string): Promise<void> {
    this.calls.push({ to, notice, dedupeKey });
    if (!this.delivered.has(dedupeKey)) this.delivered.set(dedupeKey, notice);
  }
}

describe('bill payments', () => {
  const t = useLedger({ clock });
  let store: MongoBillPaymentStore;
  let aggregator: SimulatedBillAggregator;
  let notifier: RecordingNotifier;

  beforeAll(async () => {
    await ensureBillPaymentIndexes(t.db.connection);
    store = new MongoBillPaymentStore(t.db.connection);
  });
  beforeEach(() => {
    aggregator = new SimulatedBillAggregator({ clock, delayMs: 2 });
    notifier = new RecordingNotifier();
  });
  afterEach(async () => {
    await expectConsistent(t.store);
    expect(await store.findOpen(100)).toEqual([]);
  });

  /** The service as one process runs it; other processes get their own ledger and service on the same store. */
  function service(options: Partial<BillPaymentsOptions> = {}): BillPayments {
    const shortReferences = new ShortReferences(new MongoShortReferenceStore(t.db.connection), clock);
    return new BillPayments({ ledger: t.ledger, store, aggregator, notifier, shortReferences, clock, ...options });
  }

  /** A restarted process (or another one): its own ledger and caches on the same database. */
  function anotherProcess(options: Partial<BillPaymentsOptions> = {}): BillPayments {
    return service({ ledger: new Ledger({ store: t.store, clock }), ...options });
  }

  async function payer(balance: number): Promise<{ wallet: AccountId; msisdn: Msisdn }> {
    const wallet = await t.wallet(balance);
    return { wallet, msisdn: wallet.slice('wallet:'.length) as Msisdn };
  }

  async function firstItem(payments: BillPayments, billerId: string, number: string): Promise<PayItem> {
    const found = await payments.lookup(billerId, number);
    if (!found.ok || !found.items[0]) throw new Error(`nothing to pay for ${number}`);
    return found.items[0];
  }

  /** Past the reconciler's grace, and past a quote's expiry plus the time a collect may take to show. */
  const longAfter = () => advance(20 * MINUTE);

  describe('lookup', () => {
    it('refuses a number that does not fit the mask without asking the aggregator', async () => {
      const asked: string[] = [];
      const counting: BillAggregator = {
        lookup: (...args) => {
          asked.push(args[2]);
          return aggregator.lookup(...args);
        },
        quote: (...args) => aggregator.quote(...args),
        collect: (...args) => aggregator.collect(...args),
        verify: (...args) => aggregator.verify(...args),
      };
      const payments = service({ aggregator: counting });
      expect(await payments.lookup('camwater', '12a45')).toEqual({ ok: false, reason: 'INVALID_NUMBER' });
      expect(await payments.lookup('eneo-prepaid', '123456789')).toEqual({ ok: false, reason: 'INVALID_NUMBER' });
      expect(await payments.lookup('water-board', '123456789')).toEqual({ ok: false, reason: 'UNKNOWN_BILLER' });
      expect(asked).toEqual([]);
    });

    it('tells an unknown customer from a customer with nothing to pay', async () => {
      const payments = service();
      expect(await payments.lookup('eneo-postpaid', '123450000')).toEqual({ ok: false, reason: 'UNKNOWN_CUSTOMER' });
      expect(await payments.lookup('eneo-postpaid', '123451111')).toEqual({ ok: false, reason: 'NO_OPEN_BILL' });
    });

    it('lists open bills with amounts and due dates, reading the number as people type it', async () => {
      const found = await service().lookup('camwater', ' 123 456 789 ');
      expect(found).toMatchObject({ ok: true, customerNumber: '123456789', customerName: expect.any(String) });
      if (!found.ok) return;
      expect(found.biller.id).toBe('camwater');
      for (const bill of found.items) {
        expect(bill).toMatchObject({ kind: 'BILL', amount: expect.any(Number), dueDate: expect.any(String) });
      }
    });

    it('lists Canal+ offers at their prices and ENEO prepaid as an amount to choose', async () => {
      const canal = await service().lookup('canalplus', '12345678');
      expect(canal.ok && canal.items.map((i) => [i.label, i.amount])).toContainEqual(['Access', 5_000]);
      const prepaid = await service().lookup('eneo-prepaid', '12345678901');
      expect(prepaid).toMatchObject({ ok: true, items: [{ kind: 'PREPAID', amount: null }] });
    });
  });

  describe('paying', () => {
    it('pays a fixed CAMWATER bill: the wallet pays bill and fee, CAMWATER and the fees are credited', async () => {
      const { wallet, msisdn } = await payer(100_000);
      const payments = service();
      const bill = await firstItem(payments, 'camwater', '123456789');
      const amount = bill.amount!;
      expect(payments.quote('camwater', bill, amount)).toEqual({
        ok: true,
        quote: { amount, fee: 100, total: amount + 100 },
      });
      const camwaterBefore = await t.ledger.balance(accountIds.payable('camwater'));
      const feesBefore = await t.ledger.balance(accountIds.fees);

      const id = randomUUID();
      const paid = await payments.pay({
        id,
        payer: msisdn,
        billerId: 'camwater',
        customerNumber: '123456789',
        item: bill,
        amount,
      });

      expect(paid).toMatchObject({
        ok: true,
        status: 'PAID',
        receipt: {
          paymentId: id,
          amount,
          fee: 100,
          total: amount + 100,
          reference: expect.stringMatching(/^PTN/),
          shortReference: deriveShortReference(billTransferId(id)),
        },
      });
      // The receipt's short reference is recorded on the transfer, for the history line.
      expect(await t.ledger.getTransfer(billTransferId(id))).toMatchObject({
        shortReference: deriveShortReference(billTransferId(id)),
      });
      expect(await t.ledger.balance(wallet)).toMatchObject({ available: 100_000 - amount - 100, held: 0 });
      const camwater = await t.ledger.balance(accountIds.payable('camwater'));
      expect(camwater.counters.creditsPosted - camwaterBefore.counters.creditsPosted).toBe(amount);
      const fees = await t.ledger.balance(accountIds.fees);
      expect(fees.counters.creditsPosted - feesBefore.counters.creditsPosted).toBe(100);
      expect(aggregator.collectsFor(billTransferId(id))).toBe(1);
      expect(await payments.status(id)).toMatchObject({ status: 'PAID' });
      // Answered at once: no notice on top of the receipt.
      expect(notifier.calls).toEqual([]);
      const after = await payments.lookup('camwater', '123456789');
      expect(after.ok ? after.items.map((i) => i.payItemId) : []).not.toContain(bill.payItemId);
    });

    it('pays part of an ENEO bill, and the rest stays open', async () => {
      const { wallet, msisdn } = await payer(100_000);
      const payments = service();
      const bill = await firstItem(payments, 'eneo-postpaid', '223456789');
      const paid = await payments.pay({
        id: randomUUID(),
        payer: msisdn,
        billerId: 'eneo-postpaid',
        customerNumber: '223456789',
        item: bill,
        amount: 1_000,
      });
      expect(paid).toMatchObject({ ok: true, status: 'PAID', receipt: { amount: 1_000, total: 1_100 } });
      expect(await t.ledger.balance(wallet)).toMatchObject({ available: 98_900, held: 0 });
      const after = await payments.lookup('eneo-postpaid', '223456789');
      expect(after.ok && after.items.find((i) => i.payItemId === bill.payItemId)?.amount).toBe(bill.amount! - 1_000);
    });

    it('buys ENEO prepaid credit and gives the meter token', async () => {
      const { msisdn } = await payer(100_000);
      const payments = service();
      const item = await firstItem(payments, 'eneo-prepaid', '12345678901');
      const paid = await payments.pay({
        id: randomUUID(),
        payer: msisdn,
        billerId: 'eneo-prepaid',
        customerNumber: '12345678901',
        item,
        amount: 5_000,
      });
      expect(paid).toMatchObject({ ok: true, status: 'PAID', receipt: { token: expect.stringMatching(/^\d{20}$/) } });
    });

    it('refuses an amount outside the bill rule and holds nothing', async () => {
      const { wallet, msisdn } = await payer(100_000);
      const payments = service();
      const water = await firstItem(payments, 'camwater', '123456789');
      const power = await firstItem(payments, 'eneo-postpaid', '123456789');
      const meter = await firstItem(payments, 'eneo-prepaid', '12345678901');
      const canal = await firstItem(payments, 'canalplus', '12345678');
      const attempts = [
        { billerId: 'camwater', customerNumber: '123456789', item: water, amount: water.amount! - 500 },
        { billerId: 'eneo-postpaid', customerNumber: '123456789', item: power, amount: power.amount! + 1 },
        { billerId: 'eneo-prepaid', customerNumber: '12345678901', item: meter, amount: 499 },
        { billerId: 'eneo-prepaid', customerNumber: '12345678901', item: meter, amount: 250_001 },
        { billerId: 'canalplus', customerNumber: '12345678', item: canal, amount: canal.amount! + 1_000 },
        { billerId: 'camwater', customerNumber: '123456789', item: water, amount: 12.5 },
      ];
      for (const attempt of attempts) {
        const id = randomUUID();
        const refused = await payments.pay({ id, payer: msisdn, ...attempt });
        expect(refused).toMatchObject({ ok: false, reason: 'AMOUNT_NOT_ALLOWED' });
        expect(await t.ledger.getTransfer(billTransferId(id))).toBeNull();
        expect(aggregator.collectsFor(billTransferId(id))).toBe(0);
      }
      expect(await payments.pay({ id: randomUUID(), payer: msisdn, ...attempts[0]! })).toMatchObject({
        allowed: { min: water.amount, max: water.amount },
      });
      expect(await t.ledger.balance(wallet)).toMatchObject({ available: 100_000, held: 0 });
    });

    it('refuses a payment beyond the balance and holds nothing', async () => {
      const { wallet, msisdn } = await payer(1_000);
      const payments = service();
      const bill = await firstItem(payments, 'camwater', '123456789');
      const id = randomUUID();
      const refused = await payments.pay({
        id,
        payer: msisdn,
        billerId: 'camwater',
        customerNumber: '123456789',
        item: bill,
        amount: bill.amount!,
      });
      expect(refused).toEqual({ ok: false, reason: 'INSUFFICIENT_FUNDS' });
      expect(await t.ledger.balance(wallet)).toMatchObject({ available: 1_000, held: 0 });
      expect(aggregator.collectsFor(billTransferId(id))).toBe(0);
      expect(await payments.status(id)).toEqual({ status: 'FAILED', reason: 'INSUFFICIENT_FUNDS' });
    });

    it('refuses a bill the aggregator will no longer price (paid meanwhile) and holds nothing', async () => {
      const { wallet, msisdn } = await payer(100_000);
      const payments = service();
      const bill = await firstItem(payments, 'camwater', '623456789');
      const request = {
        payer: msisdn,
        billerId: 'camwater',
        customerNumber: '623456789',
        item: bill,
        amount: bill.amount!,
      };
      expect(await payments.pay({ id: randomUUID(), ...request })).toMatchObject({ ok: true, status: 'PAID' });
      const id = randomUUID();
      expect(await payments.pay({ id, ...request })).toEqual({ ok: false, reason: 'QUOTE_REFUSED' });
      expect(await t.ledger.getTransfer(billTransferId(id))).toBeNull();
      expect(await payments.status(id)).toEqual({ status: 'FAILED', reason: 'QUOTE_REFUSED' });
      // The id stays refused.
      expect(await payments.pay({ id, ...request })).toEqual({ ok: false, reason: 'QUOTE_REFUSED' });
      expect(await t.ledger.balance(wallet)).toMatchObject({ available: 100_000 - bill.amount! - 100, held: 0 });
    });

    it('refuses the same id with other details as a conflict', async () => {
      const { msisdn } = await payer(100_000);
      const payments = service();
      const bill = await firstItem(payments, 'eneo-postpaid', '323456789');
      const request = {
        id: randomUUID(),
        payer: msisdn,
        billerId: 'eneo-postpaid',
        customerNumber: '323456789',
        item: bill,
      };
      expect(await payments.pay({ ...request, amount: 1_000 })).toMatchObject({ ok: true, status: 'PAID' });
      expect(await payments.pay({ ...request, amount: 2_000 })).toEqual({ ok: false, reason: 'CONFLICT' });
      expect(await payments.pay({ ...request, amount: 1_000 })).toMatchObject({ ok: true, status: 'PAID' });
    });

    it('pays once when the same id arrives 20 times at once, in two processes', async () => {
      const { wallet, msisdn } = await payer(100_000);
      aggregator = new SimulatedBillAggregator({ clock, delayMs: 20 });
      const processes = [service(), anotherProcess()];
      const bill = await firstItem(processes[0]!, 'camwater', '423456789');
      const id = randomUUID();
      const request = {
        id,
        payer: msisdn,
        billerId: 'camwater',
        customerNumber: '423456789',
        item: bill,
        amount: bill.amount!,
      };

      const results = await Promise.all(Array.from({ length: 20 }, (_, n) => processes[n % 2]!.pay(request)));

      for (const result of results) expect(result).toMatchObject({ ok: true });
      expect(results.filter((r) => r.ok && r.status === 'PAID').length).toBeGreaterThanOrEqual(1);
      expect(aggregator.collectsFor(billTransferId(id))).toBe(1);
      expect(await t.ledger.balance(wallet)).toMatchObject({ available: 100_000 - bill.amount! - 100, held: 0 });
      // Callers told PENDING see it paid on asking again; nobody is notified of a payment answered at once.
      expect(await processes[1]!.pay(request)).toMatchObject({ ok: true, status: 'PAID' });
      longAfter();
      await service().reconcileOnce();
      expect(notifier.calls).toEqual([]);
      expect(aggregator.collectsFor(billTransferId(id))).toBe(1);
    });

    it('releases the money when the aggregator fails the payment', async () => {
      const { wallet, msisdn } = await payer(100_000);
      const payments = service();
      const bill = await firstItem(payments, 'eneo-postpaid', '123459999');
      const id = randomUUID();
      const failed = await payments.pay({
        id,
        payer: msisdn,
        billerId: 'eneo-postpaid',
        customerNumber: '123459999',
        item: bill,
        amount: bill.amount!,
      });
      expect(failed).toEqual({ ok: false, reason: 'PAYMENT_FAILED' });
      expect(await t.ledger.getTransfer(billTransferId(id))).toMatchObject({ state: 'voided' });
      expect(await t.ledger.balance(wallet)).toMatchObject({ available: 100_000, held: 0 });
      expect(await payments.status(id)).toEqual({ status: 'FAILED', reason: 'PAYMENT_FAILED' });
      expect(notifier.calls).toEqual([]);
    });
  });

  describe('the reconciler', () => {
    async function pendingPayment(customerNumber: string, billerId = 'eneo-postpaid', amount?: number) {
      const { wallet, msisdn } = await payer(100_000);
      const item = await firstItem(service(), billerId, customerNumber);
      const id = randomUUID();
      const value = amount ?? item.amount!;
      const result = await service().pay({ id, payer: msisdn, billerId, customerNumber, item, amount: value });
      expect(result).toMatchObject({ ok: true, status: 'PENDING', paymentId: id });
      expect(await t.ledger.balance(wallet)).toMatchObject({ available: 100_000 - value - 100, held: value + 100 });
      return { wallet, msisdn, id, trid: billTransferId(id), amount: value };
    }

    it('posts a pending payment once the aggregator succeeds, and tells the payer exactly once', async () => {
      const { wallet, msisdn, id, trid, amount } = await pendingPayment('123458888');
      const payments = service();
      expect(await payments.reconcileOnce()).toMatchObject({ examined: 0 });
      advance(2 * MINUTE);
      expect(await payments.reconcileOnce()).toMatchObject({ examined: 1, pending: 1 });
      expect(notifier.calls).toEqual([]);

      aggregator.settle(trid, 'SUCCESS');
      expect(await payments.reconcileOnce()).toMatchObject({ examined: 1, paid: 1 });
      expect(await t.ledger.balance(wallet)).toMatchObject({ available: 100_000 - amount - 100, held: 0 });
      expect(await payments.status(id)).toMatchObject({ status: 'PAID', receipt: { reference: expect.any(String) } });
      expect(notifier.calls).toEqual([
        {
          to: msisdn,
          dedupeKey: `bill-payment:${trid}`,
          notice: {
            key: 'bills.paid',
            params: expect.objectContaining({
              biller: 'ENEO',
              amount: { francs: amount },
              number: '123458888',
              reference: deriveShortReference(trid),
            }),
          },
        },
      ]);
      // Later passes, here and in another process, have nothing left to do.
      expect(await anotherProcess().reconcileOnce()).toMatchObject({ examined: 0 });
      expect(notifier.calls).toHaveLength(1);
    });

    it('runs as a worker until stopped', async () => {
      const { trid } = await pendingPayment('523458888');
      advance(2 * MINUTE);
      aggregator.settle(trid, 'SUCCESS');
      const worker = startBillReconciler(service(), { intervalMs: 20 });
      const deadline = Date.now() + 10_000;
      while (notifier.calls.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await worker.stop();
      expect(notifier.calls.map((c) => c.notice.key)).toEqual(['bills.paid']);
      expect(await t.ledger.getTransfer(trid)).toMatchObject({ state: 'posted' });
    });

    it('delivers one notice when reconcilers in two processes finish the same payment at once', async () => {
      const { trid } = await pendingPayment('223458888');
      advance(2 * MINUTE);
      aggregator.settle(trid, 'SUCCESS');
      await Promise.all([service().reconcileOnce(), anotherProcess().reconcileOnce()]);
      expect(notifier.delivered.size).toBe(1);
      expect(new Set(notifier.calls.map((c) => c.dedupeKey))).toEqual(new Set([`bill-payment:${trid}`]));
      expect(await t.ledger.getTransfer(trid)).toMatchObject({ state: 'posted' });
    });

    it('sends the meter token when a pending prepaid payment succeeds', async () => {
      const { trid } = await pendingPayment('12345678888', 'eneo-prepaid', 3_000);
      advance(2 * MINUTE);
      aggregator.settle(trid, 'SUCCESS');
      await service().reconcileOnce();
      expect(notifier.calls.map((c) => c.notice)).toEqual([
        {
          key: 'bills.paidToken',
          params: expect.objectContaining({ token: expect.stringMatching(/^(\d{4} ){4}\d{4}$/) }),
        },
      ]);
    });

    it('releases a pending payment the aggregator fails, and tells the payer once', async () => {
      const { wallet, trid } = await pendingPayment('323458888');
      advance(2 * MINUTE);
      aggregator.settle(trid, 'ERRORED');
      expect(await service().reconcileOnce()).toMatchObject({ failed: 1 });
      expect(await t.ledger.balance(wallet)).toMatchObject({ available: 100_000, held: 0 });
      expect(notifier.calls.map((c) => c.notice.key)).toEqual(['bills.failed']);
    });

    it('hands a payment still pending after a day to a person, before the hold could expire', async () => {
      const { wallet, trid, amount } = await pendingPayment('423458888');
      const transfer = await t.ledger.getTransfer(trid);
      expect(transfer!.expiresAt!.getTime() - transfer!.createdAt.getTime()).toBe(72 * 60 * MINUTE);
      advance(24 * 60 * MINUTE + MINUTE);
      expect(await service().reconcileOnce()).toMatchObject({ sentToReview: 1 });
      expect(await t.ledger.getTransfer(trid)).toMatchObject({ state: 'needs_review' });
      advance(72 * 60 * MINUTE);
      // Past the hold's expiry the ledger's recovery leaves it to the person too: releasing it could pay twice.
      await recoverOnce(t.ledger, { graceMs: 0, maxUndecidedAgeMs: 10 * MINUTE }, now);
      expect(await t.ledger.balance(wallet)).toMatchObject({ held: amount + 100 });
      expect(notifier.calls.map((c) => c.notice.key)).toEqual(['bills.inReview']);
      // The person's decision: the biller refused it in the end.
      aggregator.settle(trid, 'ERRORED');
      expect(await t.ledger.void(trid, { confirmedBy: 'review' })).toMatchObject({ ok: true });
      await recoverOnce(t.ledger, { graceMs: 0, maxUndecidedAgeMs: 10 * MINUTE }, now);
      expect(await service().reconcileOnce()).toMatchObject({ failed: 1 });
      expect(await t.ledger.balance(wallet)).toMatchObject({ available: 100_000, held: 0 });
      expect(notifier.calls.map((c) => c.notice.key)).toEqual(['bills.inReview', 'bills.failed']);
    });

    it('hands a payment whose verify keeps failing to a person after a day, and never releases it at 72 h', async () => {
      const { wallet, trid, amount } = await pendingPayment('623458888');
      const unreachable: BillAggregator = {
        lookup: (...args) => aggregator.lookup(...args),
        quote: (...args) => aggregator.quote(...args),
        collect: (request) => aggregator.collect(request),
        verify: () => Promise.reject(new Error('aggregator unreachable')),
      };
      const payments = service({ aggregator: unreachable });
      advance(2 * MINUTE);
      expect(await payments.reconcileOnce()).toMatchObject({ errors: 1, sentToReview: 0 });
      advance(24 * 60 * MINUTE);
      expect(await payments.reconcileOnce()).toMatchObject({ errors: 0, sentToReview: 1 });
      expect(await t.ledger.getTransfer(trid)).toMatchObject({ state: 'needs_review' });

      advance(48 * 60 * MINUTE); // past the hold's 72 h
      await recoverOnce(t.ledger, { graceMs: 0, maxUndecidedAgeMs: 10 * MINUTE }, now);
      expect(await payments.reconcileOnce()).toMatchObject({ sentToReview: 1 });
      expect(await t.ledger.getTransfer(trid)).toMatchObject({ state: 'needs_review' });
      expect(await t.ledger.balance(wallet)).toMatchObject({ held: amount + 100 });
      expect([...notifier.delivered.values()].map((n) => n.key)).toEqual(['bills.inReview']);

      // The person finds the biller was paid.
      aggregator.settle(trid, 'SUCCESS');
      expect(await t.ledger.post(trid, { confirmedBy: 'review' })).toMatchObject({ ok: true });
      expect(await service().reconcileOnce()).toMatchObject({ paid: 1 });
      expect(await t.ledger.balance(wallet)).toMatchObject({ available: 100_000 - amount - 100, held: 0 });
      expect([...notifier.delivered.values()].map((n) => n.key)).toEqual(['bills.inReview', 'bills.paid']);
    });

    it('sends to review, never releases, a hold past 72 h that no reconciler looked at', async () => {
      const { wallet, trid, amount } = await pendingPayment('723458888');
      advance(72 * 60 * MINUTE + MINUTE);
      // The recovery worker runs first after a long stop: the hold expired, the aggregator's answer is unknown.
      expect(await recoverOnce(t.ledger, { graceMs: 0, maxUndecidedAgeMs: 10 * MINUTE }, now)).toMatchObject({
        sentToReview: 1,
        resolved: 0,
      });
      expect(await t.ledger.getTransfer(trid)).toMatchObject({ state: 'needs_review' });
      expect(await t.ledger.balance(wallet)).toMatchObject({ held: amount + 100 });
      expect(await service().reconcileOnce()).toMatchObject({ sentToReview: 1 });
      expect([...notifier.delivered.values()].map((n) => n.key)).toEqual(['bills.inReview']);
      aggregator.settle(trid, 'ERRORED');
      expect(await t.ledger.void(trid, { confirmedBy: 'review' })).toMatchObject({ ok: true });
      expect(await service().reconcileOnce()).toMatchObject({ failed: 1 });
    });

    it('sends to review, never releases, a payment the aggregator says it collected after the hold expired', async () => {
      const { wallet, msisdn } = await payer(100_000);
      const customerNumber = '823458888';
      const item = await firstItem(service(), 'eneo-postpaid', customerNumber);
      const amount = item.amount!;
      const request = { id: randomUUID(), payer: msisdn, billerId: 'eneo-postpaid', customerNumber, item, amount };
      expect(await service().pay(request)).toMatchObject({ ok: true, status: 'PENDING' });
      const trid = billTransferId(request.id);
      aggregator.settle(trid, 'SUCCESS');

      // The payer's phone sends the payment again long after (a repeated message), before any worker saw it.
      advance(72 * 60 * MINUTE + MINUTE);
      expect(await anotherProcess().pay(request)).toMatchObject({ ok: true, status: 'PENDING' });
      expect(await t.ledger.getTransfer(trid)).toMatchObject({ state: 'needs_review' });
      expect(await t.store.getResolution(trid)).toBeNull();
      expect(await t.ledger.balance(wallet)).toMatchObject({ available: 100_000 - amount - 100, held: amount + 100 });

      expect(await service().reconcileOnce()).toMatchObject({ sentToReview: 1 });
      expect(await t.ledger.post(trid, { confirmedBy: 'review' })).toMatchObject({ ok: true });
      expect(await service().reconcileOnce()).toMatchObject({ paid: 1 });
      expect([...notifier.delivered.values()].map((n) => n.key)).toEqual(['bills.inReview', 'bills.paid']);
    });
  });

  describe('a process that stops midway', () => {
    /** What the payment looks like everywhere once things settled: all or nothing, and told at most once. */
    async function expectSettled(wallet: AccountId, trid: string, total: number) {
      const transfer = await t.ledger.getTransfer(trid);
      const collected = aggregator.paymentFor(trid);
      expect(aggregator.collectsFor(trid)).toBeLessThanOrEqual(1);
      if (transfer?.state === 'posted') {
        expect(collected).toMatchObject({ status: 'SUCCESS' });
        expect(await t.ledger.balance(wallet)).toMatchObject({ available: 100_000 - total, held: 0 });
      } else {
        expect([undefined, 'voided', 'rejected']).toContain(transfer?.state);
        expect(collected?.status ?? 'NOT_FOUND').not.toBe('SUCCESS');
        expect(await t.ledger.balance(wallet)).toMatchObject({ available: 100_000, held: 0 });
      }
      expect(notifier.calls.filter((c) => c.dedupeKey === `bill-payment:${trid}`).length).toBeLessThanOrEqual(1);
    }

    /** One payment by a process that dies after its call number `crashAfter`; then restart and reconcile. */
    async function payAndDie(crashAfter: (call: { n: number; target: string; method: string }) => boolean) {
      const { wallet, msisdn } = await payer(100_000);
      aggregator = new SimulatedBillAggregator({ clock });
      const bill = await firstItem(service(), 'camwater', '523456789');
      const process = new MortalProcess(crashAfter);
      const dying = service({
        ledger: new Ledger({ store: process.wrap<LedgerStore>('ledger', t.store), clock }),
        store: process.wrap<BillPaymentStore>('bills', store),
        aggregator: process.wrap<BillAggregator>('aggregator', aggregator),
      });
      const id = randomUUID();
      const request = {
        id,
        payer: msisdn,
        billerId: 'camwater',
        customerNumber: '523456789',
        item: bill,
        amount: bill.amount!,
      };
      const outcome = await dying.pay(request).catch((error: unknown) => error);
      return { wallet, request, trid: billTransferId(id), total: bill.amount! + 100, outcome, calls: process.calls };
    }

    /** What production runs after a restart: the ledger's recovery and this reconciler, long after. */
    async function restartAndReconcile() {
      longAfter();
      await recoverOnce(t.ledger, { graceMs: 0, maxUndecidedAgeMs: 10 * MINUTE }, now);
      await anotherProcess().reconcileOnce();
    }

    it('between the hold and the collect: the money is released and the aggregator never asked', async () => {
      const { wallet, trid, total, outcome } = await payAndDie(
        ({ target, method }) => target === 'bills' && method === 'decideCollect',
      );
      expect(outcome).toBeInstanceOf(SimulatedCrash);
      expect(await t.ledger.balance(wallet)).toMatchObject({ held: total });
      // Too early: the dead process might still be collecting, as far as anyone can tell.
      advance(2 * MINUTE);
      await anotherProcess().reconcileOnce();
      expect(await t.ledger.getTransfer(trid)).toMatchObject({ state: 'held' });

      await restartAndReconcile();
      expect(aggregator.collectsFor(trid)).toBe(0);
      expect(await t.ledger.getTransfer(trid)).toMatchObject({ state: 'voided' });
      await expectSettled(wallet, trid, total);
      expect(notifier.calls.map((c) => c.notice.key)).toEqual(['bills.failed']);
    });

    it('between the collect and the post: the payment is posted and the payer told once', async () => {
      const { wallet, trid, total, outcome } = await payAndDie(
        ({ target, method }) => target === 'aggregator' && method === 'collect',
      );
      // The collect was accepted but its answer lost with the process: the caller hears PENDING, or nothing.
      expect(outcome).toMatchObject({ ok: true, status: 'PENDING' });
      await restartAndReconcile();
      expect(await t.ledger.getTransfer(trid)).toMatchObject({ state: 'posted' });
      await expectSettled(wallet, trid, total);
      expect(notifier.calls.map((c) => c.notice.key)).toEqual(['bills.paid']);
    });

    it('after a crash at any call, reconciling (or the payer retrying first) ends all or nothing', async () => {
      const clean = await payAndDie(() => false);
      expect(clean.outcome).toMatchObject({ ok: true, status: 'PAID' });
      const endings = new Set<string>();
      for (let crashAfter = 1; crashAfter <= clean.calls; crashAfter += 1) {
        notifier = new RecordingNotifier();
        const { wallet, request, trid, total, outcome } = await payAndDie(({ n }) => n === crashAfter);
        if (!(outcome instanceof SimulatedCrash)) {
          expect(outcome).toMatchObject({ ok: true });
        }
        if (crashAfter % 2 === 0) {
          // The conversation restored from its snapshot runs the same payment again.
          const retried = await anotherProcess().pay(request);
          expect(retried).toMatchObject({ ok: true });
        }
        await restartAndReconcile();
        await expectSettled(wallet, trid, total);
        endings.add((await t.ledger.getTransfer(trid))?.state ?? 'never held');
      }
      // The sweep crossed the point of no return: early crashes release (or the ledger's recovery refuses a hold
      // never decided, as STALE), late ones pay.
      expect(endings).toEqual(new Set(['never held', 'rejected', 'voided', 'posted']));
    });
  });
});
