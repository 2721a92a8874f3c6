/**
 * The per-person message limit through Twilio's webhook on two server processes (each its own services, runtime
 * and HTTP server on one database, as behind a load balancer): a MessageSid Twilio delivers again, to either
 * server, counts once, and the limit holds for both servers together, answered in the person's language.
 */
import { useTestDatabase } from '../../../support/database';
import { testSettings } from '../../../support/chat';
import { frozenClock } from '../../e2e.support';
import { capturedLogs } from '../http/support';
import { inboundSms } from './twilioSupport';
import { useTwoSmsServers } from './smsApp';

const LIMIT = 4;
const settings = { ...testSettings, MESSAGES_PER_MINUTE: LIMIT };
const time = frozenClock(new Date('2026-12-03T07:00:00Z'));
const db = useTestDatabase();
const logs = capturedLogs();
const { post } = useTwoSmsServers(db, logs.logger, { settings, clock: time.clock });

it('counts a MessageSid delivered again to either server once, and slows the person down in English on both', async () => {
  const ama = '+237677700001';
  await post(0, inboundSms(ama, 'hi'));
  expect(await post(1, inboundSms(ama, '2'))).toEqual(['What is your name? (as on your ID card)']);
  time.advance(60_000);

  for (let i = 0; i < LIMIT; i += 1) {
    const sms = inboundSms(ama, 'help');
    const first = await post(i % 2, sms);
    expect(first[0]).toContain('name');
    // Twilio did not get our answer in time: the same MessageSid again, to both servers.
    expect(await post((i + 1) % 2, sms)).toEqual(first);
    expect(await post(i % 2, sms)).toEqual(first);
  }
  const slowDown = ['Too many messages in a short time. Please wait a minute and try again.'];
  expect(await post(0, inboundSms(ama, 'help'))).toEqual(slowDown);
  expect(await post(1, inboundSms(ama, 'help'))).toEqual(slowDown);
});
