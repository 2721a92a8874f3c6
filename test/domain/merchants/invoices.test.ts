/**
 * Invoices on the real database, with hand-written collaborators: a request port whose requests' statuses the test
 * sets, a notifier that keeps each notice once per key (as the outbox does), an event recorder, and a clock the
 * test moves. Totals with VAT (a property), numbering under concurrent creations, statuses, cancellation,
 * reminders once each (with the real outbox when a pass crashes).
 */
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { Invoices } from '../../../domain/merchants/invoices/invoices';
import { remindOnce } from '../../../domain/merchants/invoices/invoiceReminders';
import { SLOT_GRACE_MS } from '../../../domain/merchants/invoices/invoiceSlots';
import {
  CAMEROON_VAT,
  invoiceTotals,
  rateInBasisPoints,
  vatOn,
} from '../../../domain/merchants/invoices/invoiceTotals';
import type { Notice } from '../../../domain/notifications';
import type { RequestStatus } from '../../../domain/paymentRequests/paymentRequestResults';
import type { Msisdn } from '../../../domain/phone';
import { ensureInvoiceIndexes, MongoInvoiceStore } from '../../../integrations/mongo/invoiceStore';
import { MongoOutbox } from '../../../integrations/mongo/outbox';
import { aMerchant, RecordedEvents } from './paymentLinks.support';
import { useTestDatabase } from '../../support/database';

const db = useTestDatabase();
beforeAll(() => ensureInvoiceIndexes(db.connection));

const DAY = 86_400_000;

function setUp(start = new Date('2026-06-01T09:00:00Z')) {
  let now = start;
  const merchant = aMerchant();
  const statuses = new Map<string, RequestStatus>();
  const made: string[] = [];
  const sent = new Map<string, { to: Msisdn; notice: Notice }>();
  const events = new RecordedEvents();
  let refusals = 0;
  const invoices = new Invoices({
    store: new MongoInvoiceStore(db.connection),
    merchants: { getMerchant: async (id) => (id === merchant._id ? merchant : null) },
    createRequest: async (input) => {
      if (refusals > 0) {
        refusals -= 1;
        return { ok: false, reason: 'ABOVE_DAILY_LIMIT' };
      }
      made.push(input.id);
      statuses.set(input.id, 'open');
      return { ok: true, requestId: input.id, payUrl: `https://pay.test/pay/${input.id}` };
    },
    requestStatus: async (id) => statuses.get(id) ?? null,
    cancelRequest: async ({ requestId }) => {
      if (statuses.get(requestId) === 'open') statuses.set(requestId, 'cancelled');
    },
    notifier: {
      notify: async (to, notice, key) => {
        if (!sent.has(key)) sent.set(key, { to, notice });
      },
    },
    events,
    publicUrl: 'https://pay.test/',
    clock: () => now,
  });
  return {
    merchant,
    invoices,
    statuses,
    made,
    sent,
    events,
    refuseNext: () => (refusals += 1),
    advance: (ms: number) => (now = new Date(now.getTime() + ms)),
    now: () => now,
  };
}

const customer = { name: 'Ets Ndongo', phone: '237677550001' as Msisdn };
const items = [{ description: 'Ciment', quantity: 3, unitPrice: 5_000 }];

/** A sent invoice of 15 000 F (no VAT) due in 9 days; gives its page's token. */
async function aSentInvoice(t: ReturnType<typeof setUp>, id: string): Promise<string> {
  const made = await t.invoices.create({
    merchantId: t.merchant._id,
    id,
    customer,
    items,
    vatRate: 0,
    dueDate: new Date(t.now().getTime() + 9 * DAY),
  });
  if (!made.ok) throw new Error(made.reason);
  const sent = await t.invoices.send(t.merchant._id, made.invoice.id, { channel: 'sms' });
  if (!sent.ok) throw new Error(sent.reason);
  return sent.invoice.url!.split('/').at(-1)!;
}

describe('invoice totals', () => {
  it('add up: lines are quantity × price, VAT is the subtotal’s rounded half up to the franc, total is both', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            description: fc.constant('x'),
            quantity: fc.integer({ min: 1, max: 1000 }),
            unitPrice: fc.integer({ min: 0, max: 1_000_000 }),
          }),
          { minLength: 1, maxLength: 20 },
        ),
        fc.integer({ min: 0, max: 10_000 }),
        (lines, basisPoints) => {
          const totals = invoiceTotals(lines, basisPoints);
          expect(totals.lines.map((l) => l.amount)).toEqual(lines.map((l) => l.quantity * l.unitPrice));
          expect(totals.subtotal).toBe(totals.lines.reduce((s, l) => s + l.amount, 0));
          expect(totals.total).toBe(totals.subtotal + totals.vat);
          expect(Number.isSafeInteger(totals.vat)).toBe(true);
          // Exactly: vat − ½ ≤ subtotal × rate < vat + ½, in integers (hundredths of a percent).
          const exact = totals.subtotal * basisPoints;
          expect(totals.vat * 10_000 - 5_000).toBeLessThanOrEqual(exact);
          expect(exact).toBeLessThan(totals.vat * 10_000 + 5_000);
        },
      ),
    );
  });

  it('rounds half a franc up, and keeps the Cameroonian rate as 19.25 %', () => {
    expect(rateInBasisPoints(CAMEROON_VAT)).toBe(1925);
    expect(vatOn(200, 1925)).toBe(39); // 38.5 → 39
    expect(vatOn(1_002, 1925)).toBe(193); // 192.885 → 193
    expect(vatOn(1_001, 1925)).toBe(193); // 192.6925 → 193
    expect(vatOn(1_000, 1925)).toBe(193); // 192.5 → 193
    expect(vatOn(999, 1925)).toBe(192); // 192.3075 → 192
    expect(rateInBasisPoints(0.12345)).toBeNull();
  });
});

describe('invoices', () => {
  it('numbers ten concurrent creations with ten distinct consecutive numbers, and a repeated creation keeps its own', async () => {
    const t = setUp();
    const ids = Array.from({ length: 10 }, (_, i) => `order-${i}`);
    const created = await Promise.all(
      [...ids, ...ids].map((id) =>
        t.invoices.create({ merchantId: t.merchant._id, id, customer, items, dueDate: new Date('2026-07-01') }),
      ),
    );
    const numbers = created.map((c) => (c.ok ? c.invoice.number : c.reason));
    expect(numbers.slice(0, 10)).toEqual(numbers.slice(10));
    expect([...new Set(numbers)].sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `F-2026-${String(i + 1).padStart(4, '0')}`),
    );
    // Another merchant starts at 1; the same id with other items is a conflict.
    const other = setUp();
    const first = await other.invoices.create({
      merchantId: other.merchant._id,
      id: 'order-0',
      customer,
      items,
      dueDate: new Date('2026-07-01'),
    });
    expect(first.ok && first.invoice.number).toBe('F-2026-0001');
    const conflict = await t.invoices.create({
      merchantId: t.merchant._id,
      id: 'order-0',
      customer,
      items: [{ ...items[0]!, quantity: 4 }],
      dueDate: new Date('2026-07-01'),
    });
    expect(conflict).toEqual({ ok: false, reason: 'CONFLICT' });
  });

  it('refuses what cannot be invoiced', async () => {
    const t = setUp();
    const base = { merchantId: t.merchant._id, id: randomUUID(), customer, items, dueDate: new Date('2026-07-01') };
    expect(await t.invoices.create({ ...base, items: [] })).toEqual({ ok: false, reason: 'INVALID_ITEMS' });
    expect(await t.invoices.create({ ...base, items: [{ ...items[0]!, quantity: 1.5 }] })).toEqual({
      ok: false,
      reason: 'INVALID_ITEMS',
    });
    expect(await t.invoices.create({ ...base, vatRate: 2 })).toEqual({ ok: false, reason: 'INVALID_VAT_RATE' });
    expect(await t.invoices.create({ ...base, customer: { name: ' ' } })).toEqual({
      ok: false,
      reason: 'INVALID_CUSTOMER',
    });
    expect(await t.invoices.create({ ...base, merchantId: 'm_nobody' })).toEqual({
      ok: false,
      reason: 'MERCHANT_NOT_FOUND',
    });
  });

  it('is partially paid, then paid, by the requests made from its page, and cannot be cancelled then', async () => {
    const t = setUp();
    const made = await t.invoices.create({
      merchantId: t.merchant._id,
      id: 'paid-in-two',
      customer,
      items,
      vatRate: 0,
      dueDate: new Date('2026-06-10T12:00:00Z'),
    });
    if (!made.ok) throw new Error(made.reason);
    const sent = await t.invoices.send(t.merchant._id, made.invoice.id, { channel: 'chat' });
    const token = sent.ok ? sent.invoice.url!.split('/').at(-1)! : '';
    expect(t.sent.get(`invoice-sent:${made.invoice.id}:chat`)?.notice.bySms).toBeUndefined();
    const first = await t.invoices.pay({ token, payerNumber: '677550002', amount: '6000' });
    expect(first.ok).toBe(true);
    expect((await t.invoices.get(t.merchant._id, made.invoice.id))?.status).toBe('sent'); // not paid yet
    t.statuses.set(t.made[0]!, 'paid');
    expect(await t.invoices.get(t.merchant._id, made.invoice.id)).toMatchObject({
      status: 'partially_paid',
      amountPaid: 6_000,
      amountDue: 9_000,
    });
    expect(await t.invoices.pay({ token, payerNumber: '677550002', amount: '9001' })).toEqual({
      ok: false,
      reason: 'AMOUNT_TOO_HIGH',
    });
    expect(await t.invoices.cancel(t.merchant._id, made.invoice.id)).toEqual({ ok: false, reason: 'HAS_PAYMENTS' });
    const second = await t.invoices.pay({ token, payerNumber: '677550003', amount: null });
    expect(second.ok).toBe(true);
    t.statuses.set(t.made[1]!, 'paid');
    expect(await t.invoices.get(t.merchant._id, made.invoice.id)).toMatchObject({ status: 'paid', amountDue: 0 });
    expect(await t.invoices.pay({ token, payerNumber: '677550003', amount: null })).toEqual({
      ok: false,
      reason: 'NOT_PAYABLE',
    });
    expect(t.events.events.map((e) => e.type)).toEqual(['invoice.sent', 'invoice.partially_paid', 'invoice.paid']);
  });

  it('lets one of six payers racing for the whole amount make a request; the others are told a payment is in flight', async () => {
    const t = setUp();
    const token = await aSentInvoice(t, 'raced');
    const numbers = ['677550021', '677550022', '677550023', '677550024', '677550025', '677550026'];
    const answers = await Promise.all(
      numbers.map((payerNumber) => t.invoices.pay({ token, payerNumber, amount: null })),
    );
    expect(answers.filter((a) => a.ok)).toHaveLength(1);
    expect(answers.filter((a) => !a.ok)).toEqual(Array(5).fill({ ok: false, reason: 'BUSY' }));
    expect(t.made).toHaveLength(1);
    // The payer in flight coming back (another form, no amount typed) goes on with their own request.
    const winner = numbers[answers.findIndex((a) => a.ok)]!;
    expect(await t.invoices.pay({ token, payerNumber: winner, amount: null })).toEqual(answers.find((a) => a.ok));
    expect(new Set(t.made).size).toBe(1);
  });

  it('frees the payment in flight when its request ends unpaid, or was never made after a grace', async () => {
    const t = setUp();
    const token = await aSentInvoice(t, 'freed');
    const first = await t.invoices.pay({ token, payerNumber: '677550031', amount: '5000' });
    if (!first.ok) throw new Error(first.reason);
    for (const ended of ['paying', 'declined'] as const) {
      t.statuses.set(first.requestId, ended);
      const next = await t.invoices.pay({ token, payerNumber: '677550032', amount: null });
      expect(next.ok).toBe(ended === 'declined');
    }
    expect(t.made).toHaveLength(2);
    // A request that was never made (its maker died after taking the slot) holds the invoice for the grace only.
    t.statuses.delete(t.made[1]!);
    expect(await t.invoices.pay({ token, payerNumber: '677550033', amount: null })).toEqual({
      ok: false,
      reason: 'BUSY',
    });
    t.advance(SLOT_GRACE_MS + 1);
    const after = await t.invoices.pay({ token, payerNumber: '677550033', amount: null });
    expect(after.ok).toBe(true);
    // A request the service refuses frees the slot at once.
    t.statuses.set(t.made[2]!, 'expired');
    t.refuseNext();
    expect(await t.invoices.pay({ token, payerNumber: '677550034', amount: null })).toEqual({
      ok: false,
      reason: 'REFUSED',
    });
    expect((await t.invoices.pay({ token, payerNumber: '677550035', amount: null })).ok).toBe(true);
  });

  it('is never paid above its total, whoever pays what and however their payments end (property)', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            payers: fc.integer({ min: 1, max: 3 }),
            part: fc.option(fc.integer({ min: 1, max: 16_000 }), { nil: null }),
            outcome: fc.constantFrom('paid', 'declined', 'expired', 'open'),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        async (rounds) => {
          const t = setUp();
          const token = await aSentInvoice(t, `property-${run++}-${randomUUID()}`);
          for (const round of rounds) {
            const answers = await Promise.all(
              Array.from({ length: round.payers }, (_, n) =>
                t.invoices.pay({
                  token,
                  payerNumber: `67755${String(1000 + n)}`,
                  amount: round.part === null ? null : String(round.part),
                }),
              ),
            );
            expect(answers.filter((a) => a.ok).length).toBeLessThanOrEqual(1);
            for (const answer of answers) if (answer.ok) t.statuses.set(answer.requestId, round.outcome);
            const view = await t.invoices.open(token);
            expect(view!.invoice.amountPaid).toBeLessThanOrEqual(view!.invoice.total);
            expect(view!.invoice.amountDue).toBe(view!.invoice.total - view!.invoice.amountPaid);
            // An unpaid request still open ends before the next round, as payers give up.
            for (const [id, status] of t.statuses) if (status === 'open') t.statuses.set(id, 'expired');
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('is cancelled while nothing is paid, with its open requests: its page takes no payment, no reminder is sent', async () => {
    const t = setUp();
    const made = await t.invoices.create({
      merchantId: t.merchant._id,
      id: 'cancelled',
      customer,
      items,
      dueDate: new Date('2026-06-03T09:00:00Z'),
    });
    if (!made.ok) throw new Error(made.reason);
    const sent = await t.invoices.send(t.merchant._id, made.invoice.id, { channel: 'sms' });
    const token = sent.ok ? sent.invoice.url!.split('/').at(-1)! : '';
    const started = await t.invoices.pay({ token, payerNumber: '677550005', amount: null });
    const cancelled = await t.invoices.cancel(t.merchant._id, made.invoice.id);
    // The request its page made and nobody paid is taken back with it.
    expect(t.statuses.get(started.ok ? started.requestId : '')).toBe('cancelled');
    expect(cancelled.ok && cancelled.invoice.status).toBe('cancelled');
    expect(await t.invoices.pay({ token, payerNumber: '677550004', amount: null })).toEqual({
      ok: false,
      reason: 'NOT_PAYABLE',
    });
    expect(await t.invoices.send(t.merchant._id, made.invoice.id, { channel: 'sms' })).toEqual({
      ok: false,
      reason: 'CANCELLED',
    });
    t.advance(DAY);
    await remindOnce(t.invoices);
    expect([...t.sent.keys()].filter((k) => k.includes(made.invoice.id))).toEqual([
      `invoice-sent:${made.invoice.id}:sms`,
    ]);
    expect(t.events.keys()).toEqual([`${made.invoice.id}:sent`, `${made.invoice.id}:cancelled`]);
  });

  it('reminds an unpaid invoice once 3 days before, once 1 day after and once 7 days after its due date', async () => {
    const t = setUp(new Date('2026-06-01T09:00:00Z'));
    const made = await t.invoices.create({
      merchantId: t.merchant._id,
      id: 'reminded',
      customer,
      items,
      dueDate: new Date('2026-06-10T09:00:00Z'),
    });
    if (!made.ok) throw new Error(made.reason);
    await t.invoices.send(t.merchant._id, made.invoice.id, { channel: 'chat' });
    const reminders = () =>
      [...t.sent.entries()]
        .filter(([k]) => k.startsWith(`invoice-reminder:${made.invoice.id}`))
        .map(([k, v]) => [k.split(':').at(-1), v.notice.key]);
    const passes = async (times: number) => {
      for (let i = 0; i < times; i += 1) await Promise.all([remindOnce(t.invoices), remindOnce(t.invoices)]);
    };
    await passes(2); // 9 days before: nothing
    expect(reminders()).toEqual([]);
    t.advance(6 * DAY + 1); // 3 days before
    await passes(3);
    expect(reminders()).toEqual([['before3', 'invoices.reminderBefore']]);
    t.advance(3 * DAY); // due now: nothing new
    await passes(2);
    expect(reminders()).toHaveLength(1);
    t.advance(DAY); // 1 day after
    await passes(3);
    t.advance(6 * DAY); // 7 days after
    await passes(3);
    t.advance(30 * DAY);
    await passes(2);
    expect(reminders()).toEqual([
      ['before3', 'invoices.reminderBefore'],
      ['after1', 'invoices.reminderAfter'],
      ['after7', 'invoices.reminderAfter'],
    ]);
    // The pass goes over every unsettled invoice of the database: this one's overdue event is recorded once.
    const overdue = t.events.events.filter((e) => e.type === 'invoice.overdue' && e.merchantId === t.merchant._id);
    expect(overdue).toHaveLength(1);
  });

  it('sends a reminder whose pass crashed before the outbox had it at the next pass, and two workers send it once', async () => {
    const t = setUp(new Date('2026-06-01T09:00:00Z'));
    const outbox = new MongoOutbox(db.connection, { clock: t.now });
    let crashes = 1;
    // The real outbox, behind a process that dies once before its insert.
    const invoices = new Invoices({
      ...t.invoices.options,
      notifier: {
        notify: async (to, notice, key) => {
          if (crashes > 0 && key.startsWith('invoice-reminder:')) {
            crashes -= 1;
            throw new Error('the process died before the outbox had the notice');
          }
          await outbox.notify(to, notice, key);
        },
      },
    });
    const made = await invoices.create({
      merchantId: t.merchant._id,
      id: 'reminded-after-crash',
      customer: { ...customer, phone: '237677550077' as Msisdn },
      items,
      dueDate: new Date('2026-06-03T09:00:00Z'),
    });
    if (!made.ok) throw new Error(made.reason);
    await invoices.send(t.merchant._id, made.invoice.id, { channel: 'sms' });
    const reminders = async () =>
      (await outbox.for('237677550077' as Msisdn)).filter((m) => m._id.startsWith('invoice-reminder:'));
    expect((await remindOnce(invoices)).errors).toBe(1);
    expect(await reminders()).toEqual([]);
    await Promise.all([remindOnce(invoices), remindOnce(invoices), remindOnce(invoices)]);
    const [reminder, ...more] = await reminders();
    expect(more).toEqual([]);
    expect(reminder).toMatchObject({
      _id: `invoice-reminder:${made.invoice.id}:before3`,
      notice: { key: 'invoices.reminderBefore' },
    });
  });

  it('lists a merchant’s invoices newest first, a page at a time', async () => {
    const t = setUp();
    for (let i = 0; i < 5; i += 1) {
      await t.invoices.create({ merchantId: t.merchant._id, id: `list-${i}`, customer, items, dueDate: t.now() });
      t.advance(1000);
    }
    const first = await t.invoices.list(t.merchant._id, { limit: 3 });
    expect(first.data.map((i) => i.number)).toEqual(['F-2026-0005', 'F-2026-0004', 'F-2026-0003']);
    expect(first.hasMore).toBe(true);
    const next = await t.invoices.list(t.merchant._id, { limit: 3, startingAfter: first.data[2]!.id });
    expect(next.data.map((i) => i.number)).toEqual(['F-2026-0002', 'F-2026-0001']);
    expect(next.hasMore).toBe(false);
    expect(next.data[0]).toMatchObject({ object: 'invoice', currency: 'XAF', vatRate: 0.1925 });
  });
});
