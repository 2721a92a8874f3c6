/**
 * The per-person message limit through Twilio's webhook on two server processes (each its own services, runtime
 * and HTTP server on one database, as behind a load balancer): a MessageSid Twilio delivers again, to either
 * server, counts once, and the limit holds for both servers together, answered in the person's language.
 */
import { createConversations } from '../../../bots/conversationSetup';
import { createServices } from '../../../bots/services';
import { SMS_WEBHOOK_PATH } from '../../../bots/sms/smsChannel';
import { useTestDatabase } from '../../support/database';
import { testSettings } from '../../support/chat';
import { frozenClock } from '../e2e.support';
import { capturedLogs, serve } from '../http/support';
import { inboundSms, messagesOf, PUBLIC_URL, signatureFor } from './twilioSupport';
import { smsApp } from './smsApp';

const LIMIT = 4;
const settings = { ...testSettings, MESSAGES_PER_MINUTE: LIMIT };
const time = frozenClock(new Date('2026-12-03T07:00:00Z'));
const db = useTestDatabase();
const logs = capturedLogs();
const servers: Awaited<ReturnType<typeof serve>>[] = [];

beforeAll(async () => {
  for (let process = 0; process < 2; process += 1) {
    const services = await createServices(db.connection, settings, { clock: time.clock });
    const { conversations } = createConversations(db.connection, services, settings, { clock: time.clock });
    servers.push(await serve(smsApp(conversations, logs.logger).app));
  }
});

afterAll(async () => {
  for (const server of servers) await server.close();
});

/** Posts Twilio's webhook for this form to server `n`; returns the SMS answered. */
async function post(n: number, form: Record<string, string>): Promise<string[]> {
  const response = await fetch(`${servers[n]?.url}${SMS_WEBHOOK_PATH}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Twilio-Signature': signatureFor(`${PUBLIC_URL}${SMS_WEBHOOK_PATH}`, form),
    },
    body: new URLSearchParams(form).toString(),
  });
  expect(response.status).toBe(200);
  return messagesOf(await response.text());
}

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
