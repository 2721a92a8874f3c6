/**
 * Delivery receipts on the real database: each stage a provider reports is its own insert, so two processes
 * recording different stages of one notice at the same moment both keep theirs, and a repeated report keeps the
 * first one.
 */
import type { Msisdn } from '../../../domain/phone';
import { ensureOutboxIndexes, MongoOutbox } from '../../../integrations/mongo/outbox';
import { useTestDatabase } from '../../support/database';

const db = useTestDatabase();

describe('delivery receipts', () => {
  it('keep every stage reported at once by two processes, and the first of a repeat', async () => {
    const one = new MongoOutbox(db.connection);
    const two = new MongoOutbox(db.connection);
    const to = '237677390001' as Msisdn;
    await one.notify(to, { key: 'money.topUpFailed' }, 'receipts-1');
    await one.recordAttempt('receipts-1', 1, {
      sent: true,
      channel: 'whatsappCloud',
      providerId: 'wamid.R1',
      at: new Date(),
    });
    const at = (second: number) => new Date(Date.UTC(2026, 11, 4, 12, 0, second));
    const found = await Promise.all([
      one.record('whatsappCloud', 'wamid.R1', { status: 'sent', at: at(1) }),
      two.record('whatsappCloud', 'wamid.R1', { status: 'delivered', at: at(2) }),
      one.record('whatsappCloud', 'wamid.R1', { status: 'read', at: at(3) }),
      two.record('whatsappCloud', 'wamid.R1', { status: 'sent', at: at(9) }),
    ]);
    expect(found).toEqual([true, true, true, true]);
    const [notice] = await two.for(to);
    expect(notice?.receipts).toEqual({ sent: expect.any(Date), delivered: at(2), read: at(3) });
    // Whichever of the two `sent` reports was inserted first stands; a later repeat changes nothing.
    await one.record('whatsappCloud', 'wamid.R1', { status: 'sent', at: at(30) });
    const [again] = await one.for(to);
    expect(again?.receipts?.sent).toEqual(notice?.receipts?.sent);
  });

  it('of a message no notice went out with are not recorded', async () => {
    const outbox = new MongoOutbox(db.connection);
    expect(await outbox.record('whatsappCloud', 'wamid.unknown', { status: 'read', at: new Date() })).toBe(false);
  });

  it('are found by an index on the notice’s channel and provider id', async () => {
    await ensureOutboxIndexes(db.connection);
    const keys = (await db.connection.collection('outbox').indexes()).map((index) => index.key);
    expect(keys).toContainEqual({ channel: 1, providerId: 1 });
    const receiptKeys = (await db.connection.collection('outbox_receipts').indexes()).map((index) => index.key);
    expect(receiptKeys).toContainEqual({ notice: 1 });
  });
});
