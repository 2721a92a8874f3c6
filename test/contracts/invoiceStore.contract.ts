/**
 * What invoices rely on from their store, run against every implementation: a number taken once by number and once
 * by invoice however many take it at once, the last sequence of a merchant's year, a page token unique, payments
 * and marks inserted once, each generation of an invoice's slot taken by one payer however many race, and the
 * settled cache the worker reads.
 */
import type { Invoice, InvoiceStore } from '../../domain/merchants/invoices/invoice';
import { newPayToken } from '../../domain/paymentRequests/payToken';
import type { Msisdn } from '../../domain/phone';
import { anId, at, race } from './fixtures';
import type { MakeSubject } from './subject';

function anInvoice(overrides: Partial<Invoice> = {}): Invoice {
  return {
    _id: anId('inv'),
    merchantId: 'm_contract',
    clientId: anId('client'),
    number: 'F-2026-0001',
    customer: { name: 'Ets Ndongo', phone: null },
    lines: [{ description: 'Ciment', quantity: 2, unitPrice: 5000, amount: 10_000 }],
    vatBasisPoints: 1925,
    subtotal: 10_000,
    vat: 1925,
    total: 11_925,
    dueDate: at(86_400_000),
    notes: '',
    createdAt: at(0),
    settled: false,
    ...overrides,
  };
}

export function describeInvoiceStoreContract(name: string, makeSubject: MakeSubject<InvoiceStore>): void {
  describe(`InvoiceStore contract: ${name}`, () => {
    let store: InvoiceStore;
    let anotherProcess: () => InvoiceStore;
    beforeEach(async () => {
      ({ store, anotherProcess } = await makeSubject());
    });

    it('keeps an invoice once, lists a merchant’s newest first, and gives the unsettled to the worker', async () => {
      const merchantId = anId('m');
      const invoices = [0, 1, 2].map((i) => anInvoice({ merchantId, createdAt: at(i * 1000) }));
      for (const invoice of invoices) expect(await store.insertInvoice(invoice)).toBe('inserted');
      expect(await store.insertInvoice(invoices[0]!)).toBe('duplicate');
      expect(await anotherProcess().getInvoice(invoices[0]!._id)).toEqual(invoices[0]);
      const listed = await store.list(merchantId, { limit: 2 });
      expect(listed.map((i) => i._id)).toEqual([invoices[2]!._id, invoices[1]!._id]);
      expect((await store.list(merchantId, { limit: 5, startingAfter: invoices[1]!._id })).map((i) => i._id)).toEqual([
        invoices[0]!._id,
      ]);
      await store.markSettled(invoices[1]!._id);
      const open = (await anotherProcess().unsettled(1000)).map((i) => i._id);
      expect(open).toContain(invoices[0]!._id);
      expect(open).not.toContain(invoices[1]!._id);
    });

    it('gives a number to one invoice, and one number to an invoice, however many take them at once', async () => {
      const merchantId = anId('m');
      expect(await store.lastSeq(merchantId, 2026)).toBe(0);
      const results = await race([store, anotherProcess()], 10, (s, n) =>
        s.insertNumber({ _id: `${merchantId}:2026:1`, merchantId, year: 2026, seq: 1, invoiceId: `inv-${n}` }),
      );
      expect(results.filter((r) => r === 'inserted')).toHaveLength(1);
      // Any of the ten racers may have won: exactly one holds the number.
      const held = await Promise.all(Array.from({ length: 10 }, (_, n) => store.numberOf(`inv-${n}`)));
      const holders = held.filter((h) => h !== null);
      expect(holders).toHaveLength(1);
      const holder = holders[0];
      expect(holder?.seq).toBe(1);
      const again = await store.insertNumber({
        _id: `${merchantId}:2026:2`,
        merchantId,
        year: 2026,
        seq: 2,
        invoiceId: holder!.invoiceId,
      });
      expect(again).toBe('duplicate');
      expect(await anotherProcess().lastSeq(merchantId, 2026)).toBe(1);
      expect(await store.lastSeq(merchantId, 2027)).toBe(0);
    });

    it('keeps one page token per invoice, never one token for two, and each payment and mark once', async () => {
      const token = { _id: anId('inv'), token: newPayToken(), at: at(0) };
      expect(await store.insertToken(token)).toBe('inserted');
      expect(await store.insertToken({ ...token, token: newPayToken() })).toBe('duplicate');
      expect(await store.insertToken({ ...token, _id: anId('inv') })).toBe('duplicate');
      expect(await anotherProcess().byToken(token.token)).toEqual(token);
      expect(await store.tokenOf(token._id)).toEqual(token);
      const payment = { _id: anId('req'), invoiceId: token._id, amount: 500, at: at(1) };
      expect(await store.insertPayment(payment)).toBe('inserted');
      expect(await store.insertPayment({ ...payment, amount: 600 })).toBe('duplicate');
      expect(await anotherProcess().payments(token._id)).toEqual([payment]);
      const marks = await race([store, anotherProcess()], 6, (s) =>
        s.insertMark({ _id: `invoice-reminder:${token._id}:after1`, invoiceId: token._id, at: at(2) }),
      );
      expect(marks.filter((r) => r === 'inserted')).toHaveLength(1);
      expect(await store.marks(token._id)).toHaveLength(1);
    });

    it('gives each generation of an invoice’s slot to one payer however many take it at once, and lists them', async () => {
      const invoiceId = anId('inv');
      const slot = (generation: number, n: number) => ({
        _id: `${invoiceId}#${generation}`,
        invoiceId,
        generation,
        requestId: `inv-req-${generation}-${n}`,
        payer: '237677000001' as Msisdn,
        amount: 1000 + n,
        at: at(generation),
      });
      const results = await race([store, anotherProcess()], 10, (s, n) => s.insertSlot(slot(0, n)));
      expect(results.filter((r) => r === 'inserted')).toHaveLength(1);
      const [winner, ...others] = await anotherProcess().slots(invoiceId);
      expect(others).toEqual([]);
      expect(winner).toMatchObject({
        _id: `${invoiceId}#0`,
        generation: 0,
        requestId: expect.stringMatching(/^inv-req-0-/),
      });
      expect(await store.insertSlot({ ...slot(1, 0), requestId: null, payer: null })).toBe('inserted');
      expect((await store.slots(invoiceId)).map((s) => s.generation).sort()).toEqual([0, 1]);
      expect(await store.slots(anId('inv'))).toEqual([]);
    });
  });
}
