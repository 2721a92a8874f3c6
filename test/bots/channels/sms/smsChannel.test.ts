/**
 * The SMS channel through its real HTTP route, on the real runtime and database: Twilio's signed webhooks run
 * turns and get TwiML back; anything unsigned, signed for another address or another account changes nothing.
 */
import { isGsm7, smsSize } from '../../../../integrations/gsm7';
import { SMS_WEBHOOK_PATH } from '../../../../bots/channels/sms/smsChannel';
import type { Msisdn } from '../../../../domain/phone';
import { useProduct } from '../../../support/chat';
import { capturedLogs, rawRequest, serve } from '../http/support';
import { inboundSms, messageSid, messagesOf, PUBLIC_URL, signatureFor } from './twilioSupport';
import { smsApp } from './smsApp';

const product = useProduct();
const logs = capturedLogs();
const SIGNED_URL = `${PUBLIC_URL}${SMS_WEBHOOK_PATH}`;
let server: Awaited<ReturnType<typeof serve>>;
let metrics: ReturnType<typeof smsApp>['metrics'];

beforeAll(async () => {
  const sms = smsApp(product.conversations, logs.logger);
  metrics = sms.metrics;
  server = await serve(sms.app);
});

afterAll(async () => {
  await server.close();
});

/** Posts a form to the SMS route as Twilio would, signed for `signedUrl` unless a signature is given. */
async function post(form: Record<string, string>, options: { signature?: string | null; signedUrl?: string } = {}) {
  const signature =
    options.signature === undefined ? signatureFor(options.signedUrl ?? SIGNED_URL, form) : options.signature;
  const response = await fetch(`${server.url}${SMS_WEBHOOK_PATH}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      ...(signature === null ? {} : { 'X-Twilio-Signature': signature }),
    },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
}

/** A person texting the service: each SMS is a new signed webhook; returns the SMS bodies answered. */
function texter(from: string) {
  return async (body: string, sid = messageSid()): Promise<string[]> => {
    const response = await post(inboundSms(from, body, sid));
    expect(response.status).toBe(200);
    return messagesOf(response.body);
  };
}

async function storedFor(msisdn: string, sid: string) {
  const db = product.db.connection;
  return {
    inbound: await db.collection('inbound_messages').countDocuments({ _id: `sms:${sid}` as never }),
    // Sessions are saved as revisions (integrations/mongo/sessionStore.ts): any revision means a session.
    session: (await db.collection('conversation_session_revisions').findOne({ msisdn })) !== null,
  };
}

describe('a signed SMS', () => {
  it('signs a person up end to end in French, each answer one GSM-7 TwiML reply within its budget', async () => {
    const says = texter('+237677200001');
    const welcome = await says('Bonjour');
    expect(welcome.join('\n')).toContain('Bienvenue ! Welcome!');
    expect(await says('1')).toEqual(["Quel est votre nom ? (comme sur votre carte d'identité)"]);
    expect((await says('Marie Ngono')).join('\n')).toContain('Choisissez un code PIN');
    // ê is not GSM-7 (é, è and à are): it loses its accent so that the SMS stays at 160 characters.
    expect(await says('2468')).toEqual(['Entrez à nouveau le meme PIN pour le confirmer.']);
    expect((await says('2468')).join('\n')).toContain('Acceptez-vous');
    const done = await says('1');
    expect(done).toEqual([
      [
        'Bienvenue Marie Ngono ! Votre portefeuille est ouvert. Ne communiquez jamais votre PIN, meme à nous.',
        'Bonjour Marie Ngono. Que voulez-vous faire ?',
        '1. Solde',
        '2. Recharger',
        "3. Envoyer de l'argent",
        '4. Demander un paiement',
        '5. Payer une facture',
        '6. Retirer',
        '7. Historique',
        '8. Demandes à payer',
        '9. Paramètres',
        '10. Mon commerce',
      ].join('\n'),
    ]);
    for (const body of [...welcome, ...done]) {
      expect(isGsm7(body)).toBe(true);
      expect(smsSize(body).segments).toBeLessThanOrEqual(3);
    }
    expect(await product.services.people.find('237677200001' as Msisdn)).toEqual({
      msisdn: '237677200001',
      name: 'Marie Ngono',
      language: 'fr',
    });
  });

  it('answers with TwiML', async () => {
    const response = await post(inboundSms('+237677200002', 'hello'));
    expect(response.status).toBe(200);
    expect(response.type).toMatch(/^text\/xml/);
    expect(response.body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><Response><Message>/);
  });

  it('answers a non-Cameroonian number politely in both languages and runs no turn', async () => {
    const form = inboundSms('+33612345678', 'Bonjour');
    const response = await post(form);
    expect(response.status).toBe(200);
    expect(messagesOf(response.body)).toEqual([
      'Désolé, ce service est réservé aux numéros mobiles du Cameroun. / Sorry, this service is only for Cameroonian mobile numbers.',
    ]);
    expect(await storedFor('33612345678', form.MessageSid)).toEqual({ inbound: 0, session: false });
  });
});

describe('a replayed MessageSid', () => {
  it('gets the first answer again and runs nothing a second time', async () => {
    const says = texter('+237677200010');
    await says('hi');
    await says('2');
    await says('Paul');
    const sid = messageSid();
    const first = await says('2468', sid);
    expect(first).toEqual(['Enter the same PIN again to confirm it.']);
    expect(await says('2468', sid)).toEqual(first);
    // Had the replay run, this would be the terms' answer; it is the confirmation the first delivery asked for.
    expect((await says('2468')).join('\n')).toContain('terms');
    expect(await storedFor('237677200010', sid)).toEqual({ inbound: 1, session: true });
  });

  it('runs once when ten deliveries of one message arrive at once', async () => {
    const says = texter('+237677200011');
    await says('hi');
    await says('2');
    const sid = messageSid();
    const form = inboundSms('+237677200011', 'Ama', sid);
    const responses = await Promise.all(Array.from({ length: 10 }, () => post(form)));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    // Deliveries that came while the first was running answer nothing (Twilio sends the first's answer once).
    const answers = responses.map((r) => messagesOf(r.body)).filter((m) => m.length > 0);
    expect(answers.length).toBeGreaterThanOrEqual(1);
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(answers[0]?.join('\n')).toContain('Choose a secret PIN');
    // One turn took the name: the next message is read as the PIN, not as a name.
    expect(await says('1234')).toEqual([expect.stringContaining('too easy')]);
  });
});

describe('a webhook that is not from Twilio', () => {
  it.each([
    ['a wrong signature', 'bad_signature', () => ({ signature: 'bm90IGEgc2lnbmF0dXJl' })],
    ['no signature', 'missing_signature', () => ({ signature: null })],
    ['a signature for another address', 'bad_signature', () => ({ signedUrl: 'https://evil.example/webhooks/sms' })],
    [
      'a signature made with another auth token',
      'bad_signature',
      (form: Record<string, string>) => ({ signature: signatureFor(SIGNED_URL, form, 'f'.repeat(32)) }),
    ],
  ])('is refused with 403 when it has %s, and nothing is stored', async (_case, error, signing) => {
    const form = inboundSms('+237677200020', 'hi');
    const response = await post(form, signing(form));
    expect(response.status).toBe(403);
    expect(JSON.parse(response.body)).toEqual({ error });
    expect(await storedFor('237677200020', form.MessageSid)).toEqual({ inbound: 0, session: false });
  });

  it('is refused when the signature matches a forged Host header instead of PUBLIC_URL', async () => {
    const form = inboundSms('+237677200021', 'hi');
    const forgedUrl = `http://evil.example${SMS_WEBHOOK_PATH}`;
    const response = await rawRequest(`${server.url}${SMS_WEBHOOK_PATH}`, {
      method: 'POST',
      headers: {
        Host: 'evil.example',
        'X-Forwarded-Host': 'evil.example',
        'X-Forwarded-Proto': 'http',
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Twilio-Signature': signatureFor(forgedUrl, form),
      },
      body: new URLSearchParams(form).toString(),
    });
    expect(response.status).toBe(403);
    expect(await storedFor('237677200021', form.MessageSid)).toEqual({ inbound: 0, session: false });
  });

  it('is refused when a parameter was changed after signing', async () => {
    const form = inboundSms('+237677200022', 'hi');
    const signature = signatureFor(SIGNED_URL, form);
    const response = await post({ ...form, From: '+237677200023' }, { signature });
    expect(response.status).toBe(403);
    expect(await storedFor('237677200023', form.MessageSid)).toEqual({ inbound: 0, session: false });
  });

  it('is refused when it is signed but comes from another Twilio account', async () => {
    const form = { ...inboundSms('+237677200024', 'hi'), AccountSid: `AC${'0'.repeat(32)}` };
    const response = await post(form);
    expect(response.status).toBe(403);
    expect(await storedFor('237677200024', form.MessageSid)).toEqual({ inbound: 0, session: false });
  });

  it('is counted in the metrics by reason', async () => {
    const { text } = await metrics.exposition();
    expect(text).toMatch(/chatpay_webhooks_refused_total\{channel="sms",reason="bad_signature"\} [1-9]/);
    expect(text).toMatch(/chatpay_webhooks_refused_total\{channel="sms",reason="missing_signature"\} [1-9]/);
  });
});

describe('logs', () => {
  it('never hold a message body (it may be a PIN) or a full phone number', async () => {
    const says = texter('+237677200030');
    await says('hi');
    await says('2');
    await says('Kofi');
    await says('83519');
    const text = logs
      .lines()
      .map(({ requestId: _id, time: _time, pid: _pid, ...rest }) => JSON.stringify(rest))
      .join('\n');
    expect(text).toContain('sms answered');
    expect(text).not.toContain('83519');
    expect(text).not.toContain('Kofi');
    expect(text).not.toContain('677200030');
    expect(text).toContain('2376*****030');
  });
});
