import type { MerchantEvent } from '../../../domain/merchants/merchantEvent';
import { MerchantEvents, merchantEventId } from '../../../domain/merchants/merchantEvents';
import { ensureMerchantEventIndexes, MongoMerchantEventStore } from '../../../integrations/mongo/merchantEventStore';
import { useTestDatabase } from '../../support/database';

let now = new Date('2026-12-01T09:00:00Z');
const clock = () => now;

describe('merchant events', () => {
  const db = useTestDatabase();
  let heard: MerchantEvent[];
  beforeAll(async () => {
    await ensureMerchantEventIndexes(db.connection);
  });
  beforeEach(() => {
    heard = [];
    now = new Date('2026-12-01T09:00:00Z');
  });

  function aProcess(): MerchantEvents {
    return new MerchantEvents({
      store: new MongoMerchantEventStore(db.connection),
      clock,
      afterRecord: async (event) => {
        heard.push(event);
      },
    });
  }

  it('records one fact once, however often and by however many processes, and hears every record', async () => {
    const processes = [aProcess(), aProcess()];
    const fact = {
      merchantId: 'm_once',
      type: 'payment.succeeded' as const,
      subjectKey: 'mr_m_once_42:paid',
      data: { id: '42', amount: 5_000, paid_at: new Date('2026-12-01T08:59:00Z') },
    };
    const recorded = await Promise.all(Array.from({ length: 10 }, (_, n) => processes[n % 2]!.record(fact)));
    const expected = {
      _id: merchantEventId('m_once', 'payment.succeeded', 'mr_m_once_42:paid'),
      merchantId: 'm_once',
      type: 'payment.succeeded',
      data: { id: '42', amount: 5_000, paid_at: '2026-12-01T08:59:00.000Z' },
      createdAt: now,
    };
    expect(expected._id).toMatch(/^evt_[0-9a-f]{24}$/);
    for (const event of recorded) expect(event).toEqual(expected);
    expect(heard).toHaveLength(10);
    expect(await db.connection.collection('merchant_events').countDocuments({ merchantId: 'm_once' })).toBe(1);
    // Another fact of the same subject is another event.
    const failed = await processes[0]!.record({ ...fact, type: 'payment.failed' });
    expect(failed._id).not.toBe(expected._id);
  });

  it('lists a merchant’s events newest first, a page after another, and hides other merchants’', async () => {
    const events = aProcess();
    const ids: string[] = [];
    for (let n = 0; n < 5; n += 1) {
      now = new Date(now.getTime() + 1_000);
      const type = 'payment_request.created' as const;
      ids.push((await events.record({ merchantId: 'm_pages', type, subjectKey: `r${n}`, data: { n } }))._id);
    }
    await events.record({ merchantId: 'm_other', type: 'payment.succeeded', subjectKey: 'x', data: {} });
    const newestFirst = [...ids].reverse();
    const first = await events.list('m_pages', { limit: 2 });
    expect(first.data.map((e) => e._id)).toEqual(newestFirst.slice(0, 2));
    expect(first.hasMore).toBe(true);
    const second = await events.list('m_pages', { limit: 2, startingAfter: first.data[1]!._id });
    expect(second.data.map((e) => e._id)).toEqual(newestFirst.slice(2, 4));
    const last = await events.list('m_pages', { limit: 2, startingAfter: second.data[1]!._id });
    expect(last).toEqual({ data: [expect.objectContaining({ _id: newestFirst[4] })], hasMore: false });
    expect(await events.get('m_pages', ids[0]!)).toMatchObject({ data: { n: 0 } });
    expect(await events.get('m_other', ids[0]!)).toBeNull();
  });
});
