/**
 * Notices by SMS through the twilio package's own REST client, pointed at the local Twilio simulator over real
 * HTTP: the form Twilio receives, the message it answers, and how each kind of failure is classified for retries.
 */
import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { NoticeSendError } from '../../../../bots/runtime/outbox/ports';
import { isGsm7 } from '../../../../integrations/gsm7';
import type { Notice } from '../../../../domain/notifications';
import type { Msisdn } from '../../../../domain/phone';
import { RedirectingRequestClient } from '../../../../integrations/twilio/redirectingRequestClient';
import { smsBodyOf, TwilioSmsSender } from '../../../../bots/channels/sms/twilioSmsSender';
import { startTwilioSimulator, type TwilioSimulator } from '../../../../integrations/twilio/twilioSimulator';

// Built at run time so that nothing in the repository looks like a real Twilio credential.
const ACCOUNT_SID = `AC${randomBytes(16).toString('hex')}`;
const AUTH_TOKEN = randomBytes(16).toString('hex');
const FROM = '+237650000000';
const TO = '237677123456' as Msisdn;
const RECEIVED: Notice = {
  key: 'payments.received',
  params: { amount: { francs: 5000 }, sender: 'Aïcha Ngo', number: '+237 6 99 12 34 56', reference: 'T-42' },
};

let simulator: TwilioSimulator;

beforeEach(async () => {
  simulator = await startTwilioSimulator({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
});

afterEach(async () => {
  await simulator.close();
});

function sender(overrides: { authToken?: string; apiBaseUrl?: string; messagingServiceSid?: string } = {}) {
  return new TwilioSmsSender({
    accountSid: ACCOUNT_SID,
    authToken: overrides.authToken ?? AUTH_TOKEN,
    from: overrides.messagingServiceSid ? undefined : FROM,
    messagingServiceSid: overrides.messagingServiceSid,
    apiBaseUrl: overrides.apiBaseUrl ?? simulator.url,
    timeoutMs: 2000,
  });
}

async function failureOf(promise: Promise<unknown>): Promise<NoticeSendError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NoticeSendError);
  return error as NoticeSendError;
}

describe('the Twilio SMS sender', () => {
  it('sends the notice in the language asked, in GSM-7, from our number, and returns the message sid', async () => {
    const receipt = await sender().send(TO, RECEIVED, 'fr');

    expect(simulator.messages).toHaveLength(1);
    const [message] = simulator.messages;
    expect(message).toMatchObject({ to: '+237677123456', from: FROM, accountSid: ACCOUNT_SID });
    // ç and ï are outside GSM-7 and transliterated; é is in it and kept.
    expect(message?.body).toBe('Vous avez recu 5 000 FCFA de Aicha Ngo (+237 6 99 12 34 56). Réf T-42');
    expect(isGsm7(message?.body ?? '')).toBe(true);
    expect(message?.body).toBe(smsBodyOf(RECEIVED, 'fr'));
    expect(receipt.providerId).toBe(message?.sid);
    expect(receipt.providerId).toMatch(/^SM[0-9a-f]{32}$/);

    await sender().send(TO, RECEIVED, 'en');
    expect(simulator.messages[1]?.body).toBe('You received 5 000 FCFA from Aicha Ngo (+237 6 99 12 34 56). Ref T-42');
  });

  it('sends from a messaging service when one is configured instead of a number', async () => {
    await sender({ messagingServiceSid: 'MG0123456789abcdef0123456789abcdef' }).send(TO, RECEIVED, 'en');
    expect(simulator.messages[0]).toMatchObject({
      from: null,
      messagingServiceSid: 'MG0123456789abcdef0123456789abcdef',
    });
  });

  it('is answered like Twilio: 201 with a queued message the SDK reads back by sid', async () => {
    const receipt = await sender().send(TO, RECEIVED, 'en');
    const client = twilio(ACCOUNT_SID, AUTH_TOKEN, { httpClient: new RedirectingRequestClient(simulator.url) });
    const message = await client.messages(receipt.providerId ?? '').fetch();
    expect(message).toMatchObject({ sid: receipt.providerId, status: 'queued', to: '+237677123456', from: FROM });
    expect(message.direction).toBe('outbound-api');
    expect(message.numSegments).toBe('1');
    expect(message.dateCreated).toBeInstanceOf(Date);
  });

  it('treats a Twilio outage (500) and throttling (429) as passing: to be retried', async () => {
    simulator.failNext(1, 500);
    simulator.failNext(1, 429);
    const outage = await failureOf(sender().send(TO, RECEIVED, 'en'));
    expect(outage).toMatchObject({ permanent: false, code: 20500 });
    const throttled = await failureOf(sender().send(TO, RECEIVED, 'en'));
    expect(throttled).toMatchObject({ permanent: false, code: 20429 });
    expect(simulator.messages).toHaveLength(0);

    await sender().send(TO, RECEIVED, 'en');
    expect(simulator.messages).toHaveLength(1);
    expect(simulator.calls).toBe(3);
  });

  it('treats a refused number (400) as permanent, and says so without the number', async () => {
    const refused = await failureOf(sender().send('12' as Msisdn, RECEIVED, 'en'));
    expect(refused).toMatchObject({ permanent: true, code: 21211 });
    expect(refused.message).toBe('twilio answered 400 (code 21211)');
  });

  it('refuses a wrong auth token (401), which is our configuration: retried, not given up', async () => {
    const refused = await failureOf(sender({ authToken: 'not-the-token' }).send(TO, RECEIVED, 'en'));
    expect(refused).toMatchObject({ permanent: false, code: 20003 });
    expect(simulator.messages).toHaveLength(0);
  });

  it('treats an unreachable API as passing', async () => {
    const closed = await startTwilioSimulator({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
    await closed.close();
    const unreachable = await failureOf(sender({ apiBaseUrl: closed.url }).send(TO, RECEIVED, 'en'));
    expect(unreachable.permanent).toBe(false);
    expect(unreachable.message).toMatch(/^twilio unreachable/);
  });
});

describe('the Twilio simulator', () => {
  const url = () => `${simulator.url}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`;
  const basic = (sid: string, token: string) => `Basic ${Buffer.from(`${sid}:${token}`).toString('base64')}`;
  const post = (form: Record<string, string>, authorization?: string) =>
    fetch(url(), {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        ...(authorization ? { Authorization: authorization } : {}),
      },
      body: new URLSearchParams(form).toString(),
    });

  it('takes a form-encoded message with Basic auth and answers 201 with the message as JSON', async () => {
    const response = await post({ To: '+237677123456', From: FROM, Body: 'Bonjour' }, basic(ACCOUNT_SID, AUTH_TOKEN));
    expect(response.status).toBe(201);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'queued', body: 'Bonjour', to: '+237677123456', error_code: null });
    expect(body.sid).toMatch(/^SM[0-9a-f]{32}$/);
  });

  it('refuses calls without the right credentials or for another account, and records nothing', async () => {
    expect((await post({ To: '+237677123456', From: FROM, Body: 'x' })).status).toBe(401);
    expect((await post({ To: '+237677123456', From: FROM, Body: 'x' }, basic(ACCOUNT_SID, 'wrong'))).status).toBe(401);
    const otherAccount = `AC${randomBytes(16).toString('hex')}`;
    const response = await fetch(url().replace(ACCOUNT_SID, otherAccount), {
      method: 'POST',
      headers: { Authorization: basic(otherAccount, AUTH_TOKEN), 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'To=%2B237677123456&From=%2B237650000000&Body=x',
    });
    expect(response.status).toBe(401);
    expect(simulator.messages).toHaveLength(0);
  });

  it('refuses a message without a body or a sender with 400 and Twilio error codes', async () => {
    const auth = basic(ACCOUNT_SID, AUTH_TOKEN);
    const noBody = await post({ To: '+237677123456', From: FROM }, auth);
    expect(noBody.status).toBe(400);
    expect(await noBody.json()).toMatchObject({ code: 21602, status: 400 });
    const noSender = await post({ To: '+237677123456', Body: 'x' }, auth);
    expect(await noSender.json()).toMatchObject({ code: 21603 });
    expect(simulator.messages).toHaveLength(0);
  });
});
