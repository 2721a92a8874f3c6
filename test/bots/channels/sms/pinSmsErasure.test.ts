/**
 * An SMS holding a PIN is deleted from Twilio's message log right after the turn read it, over real HTTP against
 * the local Twilio simulator (which logs inbound SMS as Twilio does, and answers 404 for a deleted one). Other
 * messages stay; a refused deletion is written down and tried again, by the same process or, after a restart, by
 * another; a deletion that cannot happen never holds up or fails the reply, and is logged without the body.
 */
import twilio from 'twilio';
import { PinSmsEraser } from '../../../../bots/channels/sms/pinSmsEraser';
import { MongoPinSmsDeletions, PIN_SMS_DELETIONS_COLLECTION } from '../../../../integrations/mongo/pinSmsDeletionStore';
import { startTwilioSimulator, type TwilioSimulator } from '../../../../integrations/twilio/twilioSimulator';
import { RedirectingRequestClient } from '../../../../integrations/twilio/redirectingRequestClient';
import { eventually, useProduct } from '../../../support/chat';
import { capturedLogs, serve } from '../http/support';
import { smsApp } from './smsApp';
import {
  inboundSms,
  messagesOf,
  OUR_NUMBER,
  postSmsWebhook,
  smsAnswer,
  TEST_ACCOUNT_SID,
  TEST_AUTH_TOKEN,
} from './twilioSupport';
import { mentionsSecret } from '../../../support/secrets';
import { withoutIds } from '../../../support/withoutIds';

const product = useProduct();

let twilioSide: TwilioSimulator;

beforeAll(async () => {
  twilioSide = await startTwilioSimulator({ accountSid: TEST_ACCOUNT_SID, authToken: TEST_AUTH_TOKEN });
});

afterAll(async () => {
  await twilioSide.close();
});

beforeEach(() => twilioSide.reset());

/** The SMS route with an eraser pointed at `apiBaseUrl` (the simulator unless said otherwise). */
/** An eraser as one process has it: its own store object on the shared database, retries every few ms. */
function eraserFor(logs: ReturnType<typeof capturedLogs>, options: { apiBaseUrl?: string; retryDelaysMs?: number[] }) {
  return new PinSmsEraser({
    authToken: TEST_AUTH_TOKEN,
    apiBaseUrl: options.apiBaseUrl ?? twilioSide.url,
    deletions: new MongoPinSmsDeletions(product.db.connection),
    logger: logs.logger,
    retryDelaysMs: options.retryDelaysMs ?? [20, 20],
    passIntervalMs: 20,
    timeoutMs: 2000,
  });
}

/** The deletions written down and not done yet. */
const waiting = () => product.db.connection.collection(PIN_SMS_DELETIONS_COLLECTION).countDocuments({});

async function smsRoute(
  options: { apiBaseUrl?: string; retryDelaysMs?: number[]; twilio?: TwilioSimulator; started?: boolean } = {},
) {
  const logs = capturedLogs();
  const twilioLog = options.twilio ?? twilioSide;
  const eraser = eraserFor(logs, { ...options, apiBaseUrl: options.apiBaseUrl ?? twilioLog.url });
  if (options.started !== false) eraser.start();
  const server = await serve(smsApp(product.conversations, logs.logger, { pinSmsEraser: eraser }).app);
  /** A person texting: Twilio logs the SMS, then posts its webhook; returns the SMS answered and the MessageSid. */
  const texter = (from: string) => async (body: string) => {
    const logged = twilioLog.receive({ from, to: OUR_NUMBER, body });
    const form = inboundSms(from, body, logged.sid);
    const started = Date.now();
    const replies = await smsAnswer(server.url, form);
    return { sid: logged.sid, replies, tookMs: Date.now() - started };
  };
  return { logs, eraser, server, texter };
}

/** Reads a message back from the simulator through the twilio package, as anyone with the account could. */
async function readBack(sid: string): Promise<number> {
  const client = twilio(TEST_ACCOUNT_SID, TEST_AUTH_TOKEN, {
    httpClient: new RedirectingRequestClient(twilioSide.url),
    autoRetry: false,
  });
  try {
    await client.messages(sid).fetch();
    return 200;
  } catch (error) {
    if (error instanceof twilio.RestException) return error.status;
    throw error;
  }
}

describe('an SMS holding a PIN', () => {
  it("is deleted from Twilio's message log once read; the other messages stay", async () => {
    const { eraser, server, texter, logs } = await smsRoute();
    const says = texter('+237677600001');
    await says('hi');
    await says('2');
    const name = await says('Paul Biya Junior');
    expect(name.replies.join('\n')).toContain('Choose a secret PIN');
    const pin = await says('2468');
    expect(pin.replies).toEqual(['Enter the same PIN again to confirm it.']);
    const confirm = await says('2468');
    expect(confirm.replies.join('\n')).toContain('Do you accept');
    await eraser.idle();

    expect(twilioSide.deletions.map((d) => d.sid)).toEqual([pin.sid, confirm.sid]);
    expect(await waiting()).toBe(0);
    expect(twilioSide.deletions.every((d) => d.direction === 'inbound' && d.from === '+237677600001')).toBe(true);
    expect(await readBack(pin.sid)).toBe(404);
    expect(await readBack(confirm.sid)).toBe(404);
    expect(await readBack(name.sid)).toBe(200);
    // Nothing in Twilio's log holds the PIN any more; the name and the greeting are still there.
    expect(twilioSide.messages.map((m) => m.body)).toEqual(['hi', '2', 'Paul Biya Junior']);
    expect(mentionsSecret(logs.text(), '2468')).toBe(false);
    await eraser.stop();
    await server.close();
  });

  it('is deleted on a later try when Twilio first refuses (not finished processing)', async () => {
    const { eraser, server, texter, logs } = await smsRoute();
    const says = texter('+237677600002');
    for (const text of ['hi', '2', 'Refused Once']) await says(text);
    twilioSide.failNextDeletes(1);
    const pin = await says('1357');
    await eventually(() => expect(twilioSide.deletions.map((d) => d.sid)).toEqual([pin.sid]));
    await eraser.stop();

    expect(twilioSide.deleteCalls).toBe(2);
    expect(await waiting()).toBe(0);
    expect(twilioSide.deletions.map((d) => d.sid)).toEqual([pin.sid]);
    expect(await readBack(pin.sid)).toBe(404);
    const retried = logs.lines().find((l) => l.msg === 'pin sms erase retried later');
    expect(retried).toMatchObject({ messageSid: pin.sid, status: 409, code: 20009 });
    expect(mentionsSecret(logs.text(), '1357')).toBe(false);
    await eraser.stop();
    await server.close();
  });

  it('never holds up or fails the reply when Twilio cannot be reached, and the failure is logged without the body', async () => {
    const unreachable = await startTwilioSimulator({ accountSid: TEST_ACCOUNT_SID, authToken: TEST_AUTH_TOKEN });
    const deadUrl = unreachable.url;
    await unreachable.close();
    const { eraser, server, texter, logs } = await smsRoute({ apiBaseUrl: deadUrl, retryDelaysMs: [20] });
    const says = texter('+237677600003');
    for (const text of ['hi', '2', 'No Twilio']) await says(text);
    const pin = await says('8642');
    expect(pin.replies).toEqual(['Enter the same PIN again to confirm it.']);
    const gaveUp = () =>
      logs.lines().find((l) => l.msg === 'pin sms could not be erased from twilio: delete it by hand');
    await eventually(() => expect(gaveUp()).toMatchObject({ messageSid: pin.sid, tries: 2, reason: 'ECONNREFUSED' }));
    await eraser.stop();
    expect(await waiting()).toBe(0);
    expect(withoutIds(logs.text())).not.toContain('8642');
    // The turn went on: the person confirms the PIN and is asked to accept the terms.
    expect((await says('8642')).replies.join('\n')).toContain('Do you accept');
    await eraser.stop();
    await server.close();
  });

  it('is deleted beside the reply: a slow Twilio does not delay the answer', async () => {
    const slow = await startTwilioSimulator({
      accountSid: TEST_ACCOUNT_SID,
      authToken: TEST_AUTH_TOKEN,
      latencyMs: 1500,
    });
    const { eraser, server, texter } = await smsRoute({ twilio: slow });
    const says = texter('+237677600005');
    for (const text of ['hi', '2', 'Slow Twilio']) await says(text);
    const pin = await says('9753');
    // The answer is back while the deletion is still on its way to Twilio.
    expect(pin.replies).toEqual(['Enter the same PIN again to confirm it.']);
    expect(slow.deletions).toEqual([]);
    await eraser.idle();
    expect(slow.deletions.map((d) => d.sid)).toEqual([pin.sid]);
    await eraser.stop();
    await server.close();
    await slow.close();
  });

  it('is deleted after a restart when Twilio refused it before, and once when two processes try it together', async () => {
    // The first process reads the PIN, Twilio refuses the deletion, and the process stops before trying again.
    const { eraser, server, texter } = await smsRoute({ started: false, retryDelaysMs: [0] });
    const says = texter('+237677600006');
    for (const text of ['hi', '2', 'Restarted Process']) await says(text);
    twilioSide.failNextDeletes(1);
    const pin = await says('4826');
    await eraser.idle();
    await eraser.stop();
    await server.close();
    expect(twilioSide.deletions).toEqual([]);
    expect(await waiting()).toBe(1);

    // Two processes start again: each finds the deletion written down, the message goes once.
    const next = [eraserFor(capturedLogs(), { retryDelaysMs: [0] }), eraserFor(capturedLogs(), { retryDelaysMs: [0] })];
    await Promise.all(next.map((e) => e.pass()));
    await Promise.all(next.map((e) => e.idle()));
    expect(twilioSide.deletions.map((d) => d.sid)).toEqual([pin.sid]);
    expect(await readBack(pin.sid)).toBe(404);
    expect(await waiting()).toBe(0);
  });

  it('is deleted once even when Twilio delivers the webhook twice', async () => {
    const { eraser, server, texter } = await smsRoute();
    const says = texter('+237677600004');
    for (const text of ['hi', '2', 'Twice Delivered']) await says(text);
    const pin = await says('2580');
    // Twilio retries the same MessageSid: the runtime answers it from the session, no new turn, no second delete.
    const form = inboundSms('+237677600004', '2580', pin.sid);
    const again = await postSmsWebhook(server.url, form);
    expect(messagesOf(await again.text())).toEqual(pin.replies);
    await eraser.idle();
    expect(twilioSide.deletions.map((d) => d.sid)).toEqual([pin.sid]);
    expect(twilioSide.deleteCalls).toBe(1);
    await eraser.stop();
    await server.close();
  });
});
