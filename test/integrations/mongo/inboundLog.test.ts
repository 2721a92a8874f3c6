/**
 * The inbound log on the real store: a message is taken once, its answer is kept for repeated deliveries, and old
 * entries are purged.
 */
import type { Msisdn } from '../../../domain/phone';
import { MongoInboundLog } from '../../../integrations/mongo/conversationStore';
import { useTestDatabase } from '../../support/database';

const db = useTestDatabase();
const msisdn = '237677000001' as Msisdn;

it('takes a message once, even when ten deliveries arrive together, and keeps its answer', async () => {
  const log = new MongoInboundLog(db.connection);
  const firsts = await Promise.all(Array.from({ length: 10 }, () => log.record('sms:SM1', msisdn, new Date())));
  expect(firsts.filter(Boolean)).toHaveLength(1);
  expect(await log.answer('sms:SM1')).toBeNull();
  const answer = { language: 'en' as const, replies: [{ kind: 'text' as const, key: 'common.menuHint' }] };
  await log.saveAnswer('sms:SM1', answer);
  await log.saveAnswer('sms:SM1', answer);
  expect(await log.answer('sms:SM1')).toEqual(answer);
});

it('purges messages and answers older than the retention, and keeps the recent ones', async () => {
  const log = new MongoInboundLog(db.connection);
  const now = new Date();
  await log.record('sms:old', msisdn, new Date(now.getTime() - 3 * 86_400_000));
  await log.record('sms:new', msisdn, now);
  await log.saveAnswer('sms:new', { language: 'fr', replies: [] });
  await log.purge(2 * 86_400_000, now);
  expect(await log.record('sms:old', msisdn, now)).toBe(true);
  expect(await log.record('sms:new', msisdn, now)).toBe(false);
  expect(await log.answer('sms:new')).toEqual({ language: 'fr', replies: [] });
});
