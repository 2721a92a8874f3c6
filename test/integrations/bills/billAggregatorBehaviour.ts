/**
 * What every bill aggregator of the product must do, as the payment service relies on it (the port's contract,
 * domain/billPayments/billAggregator.ts), written once and run on the in-process simulator and on the Smobilpay
 * adapter talking to its HTTP simulator. The customer numbers follow the shared stories
 * (integrations/bills/simulatedCustomers.ts); each test uses numbers of its own, since one database may serve
 * a whole file.
 */
import { randomUUID } from 'node:crypto';
import type { BillAggregator } from '../../../domain/billPayments/billAggregator';

export interface AggregatorUnderTest {
  aggregator: BillAggregator;
  /** The implementation's service id of each biller. */
  services: { eneoPostpaid: string; eneoPrepaid: string; camwater: string; canalplus: string };
  /** Moves the aggregator's clock (quote expiry, pending payments). */
  advance(ms: number): void;
  /** Ends a PENDING payment as the biller would, later. */
  settle(trid: string, outcome: 'SUCCESS' | 'ERRORED'): Promise<void>;
}

/** Quotes live 5 minutes and 8888-payments turn SUCCESS after a minute in every setup of this suite. */
export const QUOTE_TTL_MS = 5 * 60_000;
export const PENDING_MS = 60_000;

export function describeBillAggregatorBehaviour(name: string, setup: () => Promise<AggregatorUnderTest>): void {
  describe(`${name}: the bill aggregator's behaviour`, () => {
    let under: AggregatorUnderTest;
    beforeEach(async () => {
      under = await setup();
    });

    async function firstBill(service: string, number: string) {
      const found = await under.aggregator.lookup(service, 'BILLS', number);
      if (found.status !== 'FOUND' || !found.items[0]) throw new Error(`no bill for ${number}`);
      return found.items[0];
    }

    async function payFirstBill(service: string, number: string, trid: string, amount?: number) {
      const bill = await firstBill(service, number);
      const quoted = await under.aggregator.quote(bill.payItemId, amount ?? bill.amount!);
      if (!quoted.ok) throw new Error(quoted.reason);
      return under.aggregator.collect({
        quoteId: quoted.quote.quoteId,
        payerPhone: '677123456',
        customerNumber: number,
        trid,
      });
    }

    it('tells the same story for the same number, and another for another number', async () => {
      const { camwater } = under.services;
      const once = await under.aggregator.lookup(camwater, 'BILLS', '613456789');
      expect(await under.aggregator.lookup(camwater, 'BILLS', '613456789')).toEqual(once);
      expect(once).toMatchObject({ status: 'FOUND', customerName: expect.any(String) });
      if (once.status !== 'FOUND') return;
      expect(once.items.length).toBeGreaterThanOrEqual(1);
      for (const bill of once.items) {
        expect(bill).toMatchObject({ kind: 'BILL', billNumber: expect.stringMatching(/^\d{12}$/) });
        expect(bill.amount! % 500).toBe(0);
        expect(bill.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
      expect(await under.aggregator.lookup(camwater, 'BILLS', '687654321')).not.toEqual(once);
    });

    it('does not know numbers ending in 0000 and has nothing open for numbers ending in 1111', async () => {
      const { eneoPostpaid } = under.services;
      expect(await under.aggregator.lookup(eneoPostpaid, 'BILLS', '123450000')).toEqual({
        status: 'UNKNOWN_CUSTOMER',
      });
      expect(await under.aggregator.lookup(eneoPostpaid, 'BILLS', '123451111')).toMatchObject({
        status: 'FOUND',
        items: [],
      });
    });

    it('offers Canal+ bouquets at fixed prices and ENEO prepaid credit of any amount', async () => {
      const canal = await under.aggregator.lookup(under.services.canalplus, 'SUBSCRIPTION', '12345678');
      if (canal.status !== 'FOUND') throw new Error('not found');
      expect(canal.items.map((i) => [i.kind, i.label, i.amount])).toContainEqual(['OFFER', 'Evasion', 10_000]);
      const offer = canal.items[0]!;
      expect(await under.aggregator.quote(offer.payItemId, offer.amount! + 1)).toEqual({
        ok: false,
        reason: 'AMOUNT_NOT_PRICE',
      });
      const prepaid = await under.aggregator.lookup(under.services.eneoPrepaid, 'SUBSCRIPTION', '12345678901');
      expect(prepaid).toMatchObject({ status: 'FOUND', items: [{ kind: 'PREPAID', amount: null }] });
    });

    it('collects once per trid, then verifies it, and a paid bill is no longer open', async () => {
      const { camwater } = under.services;
      const trid = randomUUID();
      const bill = await firstBill(camwater, '623456789');
      const paid = await payFirstBill(camwater, '623456789', trid);
      expect(paid).toMatchObject({ status: 'SUCCESS', ptn: expect.any(String), receiptNumber: expect.any(String) });
      // Again under the same trid (even on a fresh quote): that payment, not a second one.
      const other = await under.aggregator.lookup(camwater, 'BILLS', '623456789');
      const again = other.status === 'FOUND' && other.items[0] ? other.items[0] : bill;
      const requote = await under.aggregator.quote(again.payItemId, again.amount!);
      const quoteId = requote.ok ? requote.quote.quoteId : 'no-quote';
      expect(
        await under.aggregator.collect({ quoteId, payerPhone: '677123456', customerNumber: '623456789', trid }),
      ).toEqual(paid);
      expect(await under.aggregator.verify(trid)).toEqual(paid);
      const after = await under.aggregator.lookup(camwater, 'BILLS', '623456789');
      expect(after.status === 'FOUND' && after.items.map((i) => i.payItemId)).not.toContain(bill.payItemId);
    });

    it('shows what is still owed on a bill paid in part', async () => {
      const { eneoPostpaid } = under.services;
      const bill = await firstBill(eneoPostpaid, '633456789');
      expect(await payFirstBill(eneoPostpaid, '633456789', randomUUID(), 500)).toMatchObject({ status: 'SUCCESS' });
      const after = await under.aggregator.lookup(eneoPostpaid, 'BILLS', '633456789');
      expect(after.status === 'FOUND' && after.items.find((i) => i.payItemId === bill.payItemId)?.amount).toBe(
        bill.amount! - 500,
      );
      const quoted = await under.aggregator.quote(bill.payItemId, bill.amount!);
      expect(quoted).toEqual({ ok: false, reason: 'AMOUNT_ABOVE_BILL' });
    });

    it('returns a 20-digit token for prepaid credit', async () => {
      const found = await under.aggregator.lookup(under.services.eneoPrepaid, 'SUBSCRIPTION', '12345678901');
      if (found.status !== 'FOUND') throw new Error('not found');
      const quoted = await under.aggregator.quote(found.items[0]!.payItemId, 5_000);
      if (!quoted.ok) throw new Error(quoted.reason);
      const paid = await under.aggregator.collect({
        quoteId: quoted.quote.quoteId,
        payerPhone: '677123456',
        customerNumber: '12345678901',
        trid: randomUUID(),
      });
      expect(paid).toMatchObject({ status: 'SUCCESS', token: expect.stringMatching(/^\d{20}$/) });
    });

    it('refuses a collect on an expired quote and never records it', async () => {
      const bill = await firstBill(under.services.camwater, '643456789');
      const quoted = await under.aggregator.quote(bill.payItemId, bill.amount!);
      if (!quoted.ok) throw new Error(quoted.reason);
      expect(quoted.quote.price).toBe(bill.amount);
      under.advance(QUOTE_TTL_MS + 1_000);
      const trid = randomUUID();
      const request = { quoteId: quoted.quote.quoteId, payerPhone: '677123456', customerNumber: '643456789', trid };
      expect(await under.aggregator.collect(request)).toEqual({ status: 'ERRORED', reason: 'QUOTE_EXPIRED' });
      expect(await under.aggregator.verify(trid)).toEqual({ status: 'NOT_FOUND' });
    });

    it('fails payments for numbers ending in 9999 and keeps those ending in 8888 pending until settled', async () => {
      const { eneoPostpaid } = under.services;
      const [fails, slow, slower] = [randomUUID(), randomUUID(), randomUUID()];
      expect(await payFirstBill(eneoPostpaid, '123459999', fails)).toMatchObject({ status: 'ERRORED' });
      expect(await under.aggregator.verify(fails)).toMatchObject({ status: 'ERRORED' });

      expect(await payFirstBill(eneoPostpaid, '653458888', slow)).toMatchObject({ status: 'PENDING' });
      expect(await payFirstBill(eneoPostpaid, '663458888', slower)).toMatchObject({ status: 'PENDING' });
      await under.settle(slow, 'ERRORED');
      expect(await under.aggregator.verify(slow)).toMatchObject({ status: 'ERRORED' });
      expect(await under.aggregator.verify(slower)).toMatchObject({ status: 'PENDING' });
      under.advance(PENDING_MS);
      expect(await under.aggregator.verify(slower)).toMatchObject({ status: 'SUCCESS' });
    });
  });
}
