import { SimulatedBillAggregator } from '../../../integrations/bills/simulatedBillAggregator';

const START = new Date('2026-11-29T10:00:00Z');

function simulator(options: { pendingMs?: number } = {}) {
  let now = START;
  const aggregator = new SimulatedBillAggregator({ clock: () => now, ...options });
  return { aggregator, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

async function firstBill(aggregator: SimulatedBillAggregator, service: string, number: string) {
  const found = await aggregator.lookup(service, 'BILLS', number);
  if (found.status !== 'FOUND' || !found.items[0]) throw new Error(`no bill for ${number}`);
  return found.items[0];
}

describe('the simulated bill aggregator', () => {
  it('tells the same story for the same number, and another for another number', async () => {
    const { aggregator } = simulator();
    const once = await aggregator.lookup('camwater', 'BILLS', '123456789');
    const again = await new SimulatedBillAggregator({ clock: () => START }).lookup('camwater', 'BILLS', '123456789');
    expect(again).toEqual(once);
    expect(once).toMatchObject({ status: 'FOUND', customerName: expect.any(String) });
    if (once.status !== 'FOUND') return;
    expect(once.items.length).toBeGreaterThanOrEqual(1);
    for (const bill of once.items) {
      expect(bill).toMatchObject({ kind: 'BILL', billNumber: expect.stringMatching(/^\d{12}$/) });
      expect(bill.amount! % 500).toBe(0);
      expect(bill.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    expect(await aggregator.lookup('camwater', 'BILLS', '987654321')).not.toEqual(once);
  });

  it('does not know numbers ending in 0000 and has nothing open for numbers ending in 1111', async () => {
    const { aggregator } = simulator();
    expect(await aggregator.lookup('eneo-postpaid', 'BILLS', '123450000')).toEqual({ status: 'UNKNOWN_CUSTOMER' });
    expect(await aggregator.lookup('eneo-postpaid', 'BILLS', '123451111')).toMatchObject({
      status: 'FOUND',
      items: [],
    });
  });

  it('offers Canal+ bouquets at fixed prices and ENEO prepaid credit of any amount', async () => {
    const { aggregator } = simulator();
    const canal = await aggregator.lookup('canalplus', 'SUBSCRIPTION', '12345678');
    expect(canal).toMatchObject({ status: 'FOUND' });
    if (canal.status !== 'FOUND') return;
    expect(canal.items.map((i) => [i.kind, i.label, i.amount])).toContainEqual(['OFFER', 'Evasion', 10_000]);
    const offer = canal.items[0]!;
    expect(await aggregator.quote(offer.payItemId, offer.amount! + 1)).toEqual({
      ok: false,
      reason: 'AMOUNT_NOT_PRICE',
    });

    const prepaid = await aggregator.lookup('eneo-prepaid', 'SUBSCRIPTION', '12345678901');
    expect(prepaid).toMatchObject({ status: 'FOUND', items: [{ kind: 'PREPAID', amount: null }] });
  });

  it('collects once per trid, then verifies it, and a paid bill is no longer open', async () => {
    const { aggregator } = simulator();
    const bill = await firstBill(aggregator, 'camwater', '123456789');
    const quoted = await aggregator.quote(bill.payItemId, bill.amount!);
    if (!quoted.ok) throw new Error(quoted.reason);
    const request = { quoteId: quoted.quote.quoteId, payerPhone: '677123456', customerNumber: '123456789', trid: 't1' };
    const paid = await aggregator.collect(request);
    expect(paid).toMatchObject({ status: 'SUCCESS', ptn: expect.any(String), receiptNumber: expect.any(String) });
    expect(await aggregator.collect(request)).toEqual(paid);
    expect(await aggregator.verify('t1')).toEqual(paid);
    expect(aggregator.collectsFor('t1')).toBe(2);
    const after = await aggregator.lookup('camwater', 'BILLS', '123456789');
    expect(after.status === 'FOUND' && after.items.map((i) => i.payItemId)).not.toContain(bill.payItemId);
  });

  it('returns a 20-digit token for prepaid credit', async () => {
    const { aggregator } = simulator();
    const found = await aggregator.lookup('eneo-prepaid', 'SUBSCRIPTION', '12345678901');
    if (found.status !== 'FOUND') throw new Error('not found');
    const quoted = await aggregator.quote(found.items[0]!.payItemId, 5_000);
    if (!quoted.ok) throw new Error(quoted.reason);
    const paid = await aggregator.collect({
      quoteId: quoted.quote.quoteId,
      payerPhone: '677123456',
      customerNumber: '12345678901',
      trid: 'prepaid-1',
    });
    expect(paid).toMatchObject({ status: 'SUCCESS', token: expect.stringMatching(/^\d{20}$/) });
  });

  it('refuses a collect on an expired quote and never records it', async () => {
    const { aggregator, advance } = simulator();
    const bill = await firstBill(aggregator, 'camwater', '123456789');
    const quoted = await aggregator.quote(bill.payItemId, bill.amount!);
    if (!quoted.ok) throw new Error(quoted.reason);
    advance(5 * 60_000 + 1);
    const request = { quoteId: quoted.quote.quoteId, payerPhone: '677123456', customerNumber: '123456789', trid: 't2' };
    expect(await aggregator.collect(request)).toEqual({ status: 'ERRORED', reason: 'QUOTE_EXPIRED' });
    expect(await aggregator.verify('t2')).toEqual({ status: 'NOT_FOUND' });
  });

  it('fails payments for numbers ending in 9999 and keeps those ending in 8888 pending until settled', async () => {
    const { aggregator, advance } = simulator({ pendingMs: 60_000 });
    const pay = async (number: string, trid: string) => {
      const bill = await firstBill(aggregator, 'eneo-postpaid', number);
      const quoted = await aggregator.quote(bill.payItemId, bill.amount!);
      if (!quoted.ok) throw new Error(quoted.reason);
      return aggregator.collect({
        quoteId: quoted.quote.quoteId,
        payerPhone: '677123456',
        customerNumber: number,
        trid,
      });
    };
    expect(await pay('123459999', 'fails')).toMatchObject({ status: 'ERRORED' });
    expect(await aggregator.verify('fails')).toMatchObject({ status: 'ERRORED' });

    expect(await pay('123458888', 'slow')).toMatchObject({ status: 'PENDING' });
    expect(await pay('223458888', 'slower')).toMatchObject({ status: 'PENDING' });
    aggregator.settle('slow', 'ERRORED');
    expect(await aggregator.verify('slow')).toMatchObject({ status: 'ERRORED' });
    expect(await aggregator.verify('slower')).toMatchObject({ status: 'PENDING' });
    advance(60_000);
    expect(await aggregator.verify('slower')).toMatchObject({ status: 'SUCCESS' });
  });

  it('waits its configured delay on every call', async () => {
    const aggregator = new SimulatedBillAggregator({ delayMs: 50 });
    const started = Date.now();
    await aggregator.lookup('camwater', 'BILLS', '123456789');
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });
});
