/**
 * Retention on the real store: records that grow with traffic (inbound message ids and answers, USSD steps, sent
 * notices and their delivery claims, the other numbers people topped up from) are purged by whole UTC days past their retention, by equality on an indexed
 * day field, whichever process wrote them; recent ones stay, and a MessageSid stays deduplicated for 30 days.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import { MongoUssdSessions } from '../../../integrations/mongo/ussdSessionStore';
import { limitPeriods } from '../../../domain/ledger/kyc';
import type { Notice } from '../../../domain/notifications';
import type { Msisdn } from '../../../domain/phone';
import { MongoInboundLog } from '../../../integrations/mongo/inboundLog';
import { MongoOtherPayerSlots } from '../../../integrations/mongo/otherPayerStore';
import { MongoOutbox } from '../../../integrations/mongo/outbox';
import { ensureRetentionIndexes, purgeExpired, purgeUndated, RETAINED } from '../../../integrations/mongo/retention';
import { useTestDatabase } from '../../support/database';

const db = useTestDatabase();
const msisdn = '237677000001' as Msisdn;
const DAY = 86_400_000;
const now = new Date();
const daysAgo = (days: number) => new Date(now.getTime() - days * DAY);

beforeAll(async () => {
  await ensureRetentionIndexes(db.connection);
});

it('keeps a Twilio MessageSid deduplicated 29 days later, through the purge, in another process', async () => {
  const first = new MongoInboundLog(db.connection);
  expect(await first.record('sms:SM29days', msisdn, daysAgo(29))).toBe(true);
  expect(await first.record('sms:SM40days', msisdn, daysAgo(40))).toBe(true);
  await purgeExpired(db.connection, now);
  const other = new MongoInboundLog(db.connection);
  // The repeat of a 29-day-old message is still recognised; one beyond the retention may run again.
  expect(await other.record('sms:SM29days', msisdn, now)).toBe(false);
  expect(await other.record('sms:SM40days', msisdn, now)).toBe(true);
});

it('purges each kind of record past its retention and keeps the recent ones', async () => {
  const answers = new MongoInboundLog(db.connection, { clock: () => daysAgo(3) });
  await answers.saveAnswer('sms:old-answer', { language: 'fr', replies: [] });
  await new MongoInboundLog(db.connection).saveAnswer('sms:new-answer', { language: 'en', replies: [] });

  const ussd = new MongoUssdSessions(db.connection);
  const step = (at: Date) => ({ msisdn, pages: ['Menu'], page: 0, close: false, at });
  await ussd.record('ATUid_old', 0, step(daysAgo(2)));
  await ussd.record('ATUid_new', 0, step(now));

  const outbox = new MongoOutbox(db.connection);
  const notice: Notice = { key: 'payments.received', params: {} };
  for (const id of ['sent-31', 'sent-29', 'unsent-40', 'failed-40']) await outbox.notify(msisdn, notice, id);
  await outbox.claimAttempt('sent-31', 1, 'worker-a', daysAgo(31));
  await outbox.recordAttempt('sent-31', 1, { sent: true, channel: 'sms', at: daysAgo(31) });
  await outbox.claimAttempt('sent-29', 1, 'worker-b', daysAgo(29));
  await outbox.recordAttempt('sent-29', 1, { sent: true, channel: 'sms', at: daysAgo(29) });
  await outbox.claimAttempt('failed-40', 1, 'worker-a', daysAgo(40));
  await outbox.recordAttempt('failed-40', 1, { sent: false, error: 'refused', at: daysAgo(40), retryAt: null });

  // Another process purges what these wrote.
  const deleted = await purgeExpired(db.connection, now);
  expect(deleted).toEqual(expect.objectContaining({ inbound_answers: 1, ussd_steps: 1, outbox: 1, outbox_claims: 2 }));

  expect(await new MongoInboundLog(db.connection).answer('sms:old-answer')).toBeNull();
  expect(await new MongoInboundLog(db.connection).answer('sms:new-answer')).toEqual({ language: 'en', replies: [] });
  expect(await ussd.find('ATUid_old', 0)).toBeNull();
  expect(await ussd.find('ATUid_new', 0)).toEqual(step(now));
  const left = (await outbox.for(msisdn)).map((m) => m._id).sort();
  expect(left).toEqual(['failed-40', 'sent-29', 'unsent-40']);
  expect(await outbox.claimOf('sent-31', 1)).toBeNull();
  expect(await outbox.claimOf('failed-40', 1)).toBeNull();
  expect(await outbox.claimOf('sent-29', 1)).not.toBeNull();
  // A second purge finds nothing more to do.
  expect(Object.values(await purgeExpired(db.connection, now)).every((n) => n === 0)).toBe(true);
});

it('deletes only by equality on the indexed day field: no range, no scan of the records', async () => {
  const monitored: Connection = await mongoose.createConnection(db.uri, { monitorCommands: true }).asPromise();
  try {
    const log = new MongoInboundLog(monitored);
    for (let day = 35; day <= 40; day += 1) await log.record(`sms:SM-scan-${day}`, msisdn, daysAgo(day));
    const commands: { name: string; body: Record<string, unknown> }[] = [];
    monitored.getClient().on('commandStarted', (event) => {
      commands.push({ name: event.commandName, body: event.command as Record<string, unknown> });
    });
    const deleted = await purgeExpired(monitored, now);
    expect(deleted.inbound_messages).toBe(6);
    const retained = new Set(RETAINED.map((r) => r.collection));
    const onRecords = commands.filter((c) => retained.has(String(c.body[c.name])));
    expect(onRecords.map((c) => c.name)).toEqual(Array(6).fill('delete'));
    for (const { body } of onRecords) {
      const [first] = body.deletes as { q: Record<string, unknown> }[];
      expect(first?.q).toEqual({ day: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    }
    const indexes = await monitored.collection('inbound_messages').indexes();
    expect(indexes.map((i) => i.key)).toContainEqual({ day: 1 });
  } finally {
    await monitored.close();
  }
});

it('is what the Retention table of docs/operations.md says', () => {
  const operations = readFileSync(path.resolve(__dirname, '..', '..', '..', 'docs', 'operations.md'), 'utf8');
  const start = operations.indexOf('## Retention');
  expect(start).toBeGreaterThanOrEqual(0);
  const end = operations.indexOf('\n## ', start + 1);
  const table = operations.slice(start, end === -1 ? undefined : end);
  for (const { collection, dayField, keepDays } of RETAINED) {
    const row = table.split('\n').find((line) => line.includes(`(\`${collection}\``));
    expect(row).toMatch(new RegExp(`^\\| [^|]+\\| ${keepDays} +\\|`));
    if (dayField !== 'day') expect(row).toContain(`\`${dayField}\``);
  }
});

it('purges, once at start, the records an older version wrote without their day, past the same retention', async () => {
  const inbound = db.connection.collection('inbound_messages');
  const outbox = db.connection.collection('outbox');
  await inbound.insertMany([
    { _id: 'sms:SM-undated-40' as never, msisdn, at: daysAgo(40) },
    { _id: 'sms:SM-undated-29' as never, msisdn, at: daysAgo(29) },
  ]);
  const notice = { to: msisdn, notice: { key: 'payments.received', params: {} }, createdAt: daysAgo(45) };
  await outbox.insertMany([
    { _id: 'undated-sent-31' as never, ...notice, sentAt: daysAgo(31) },
    { _id: 'undated-unsent' as never, ...notice, sentAt: null },
  ]);
  const deleted = await purgeUndated(db.connection, now);
  expect(deleted).toEqual(expect.objectContaining({ inbound_messages: 1, outbox: 1 }));
  expect(await inbound.findOne({ _id: 'sms:SM-undated-29' as never })).not.toBeNull();
  expect(await outbox.findOne({ _id: 'undated-unsent' as never })).not.toBeNull();
  expect(await new MongoInboundLog(db.connection).record('sms:SM-undated-29', msisdn, now)).toBe(false);
});

it("purges the other numbers a person topped up from once their day is over, and keeps today's", async () => {
  const slots = new MongoOtherPayerSlots(db.connection);
  const slot = (at: Date) => {
    const { day } = limitPeriods(at);
    return { _id: `${msisdn}:${day}:1`, owner: msisdn, day, payer: '237677000002' as Msisdn, at };
  };
  const old = slot(daysAgo(3));
  const today = slot(now);
  expect(await slots.insert(old)).toBe('inserted');
  expect(await slots.insert(today)).toBe('inserted');

  // Another process purges what this one wrote.
  const deleted = await purgeExpired(db.connection, now);
  expect(deleted).toEqual(expect.objectContaining({ topup_other_payers: 1 }));
  expect(await slots.get(old._id)).toBeNull();
  expect(await slots.get(today._id)).toMatchObject(today);
});
