/**
 * The inbound log on the real store: a message is taken once, and its answer is kept for repeated deliveries (the
 * purge of old entries: retention.test.ts).
 */
import type { Msisdn } from '../../../domain/phone';
import { text } from '../../../flows/conversation';
import { MongoInboundLog } from '../../../integrations/mongo/conversationStore';
import { useTestDatabase } from '../../support/database';

const db = useTestDatabase();
const msisdn = '237677000001' as Msisdn;

it('takes a message once, even when ten deliveries arrive together, and keeps its answer', async () => {
  const log = new MongoInboundLog(db.connection);
  const firsts = await Promise.all(Array.from({ length: 10 }, () => log.record('sms:SM1', msisdn, new Date())));
  expect(firsts.filter(Boolean)).toHaveLength(1);
  expect(await log.answer('sms:SM1')).toBeNull();
  const answer = { language: 'en' as const, replies: [text('common.menuHint')] };
  await log.saveAnswer('sms:SM1', answer);
  await log.saveAnswer('sms:SM1', answer);
  expect(await log.answer('sms:SM1')).toEqual(answer);
});
