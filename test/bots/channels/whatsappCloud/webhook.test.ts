/**
 * The WhatsApp Cloud API webhook through its real HTTP route: the verification GET, the signature over the raw
 * body checked before anything is read, a repeated delivery run once, and status webhooks recorded on the notice
 * they concern. Signatures here are computed with node:crypto, independently of the code under test.
 */
import { createHmac } from 'node:crypto';
import type { Msisdn } from '../../../../domain/phone';
import { CloudNoticeSender } from '../../../../bots/channels/whatsappCloud/cloudNoticeSender';
import { GraphApiClient } from '../../../../bots/channels/whatsappCloud/graphClient';
import { OutboxWorker } from '../../../../bots/runtime/outbox/outboxWorker';
import { inboundMessagePayload, newWamid } from '../../../../integrations/whatsappCloud/cloudWebhooks';
import {
  ACCESS_TOKEN,
  APP_SECRET,
  GRAPH_VERSION,
  PHONE_NUMBER_ID,
  shown,
  textOf,
  useCloudWorld,
  VERIFY_TOKEN,
} from './cloudWorld';

const world = useCloudWorld();
const BUSINESS = { phoneNumberId: PHONE_NUMBER_ID, displayPhoneNumber: '237650000001', accountId: '102290129340398' };

function verification(query: Record<string, string>) {
  return fetch(`${world.webhookUrl}?${new URLSearchParams(query).toString()}`);
}

function signed(body: string, secret = APP_SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

async function post(body: string, signature: string | null) {
  const response = await fetch(world.webhookUrl, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(signature === null ? {} : { 'X-Hub-Signature-256': signature }),
    },
    body,
  });
  return { status: response.status, body: await response.text() };
}

function messageBody(from: string, text: string, wamid = newWamid()): string {
  return JSON.stringify(inboundMessagePayload(BUSINESS, { from, wamid, at: new Date(), content: textOf(text) }));
}

async function inboundRecords(wamid: string): Promise<number> {
  return world.product.db.connection
    .collection('inbound_messages')
    .countDocuments({ _id: `whatsappCloud:${wamid}` as never });
}

describe('the verification GET', () => {
  it('answers the challenge as plain text when the verify token is ours', async () => {
    const response = await verification({
      'hub.mode': 'subscribe',
      'hub.verify_token': VERIFY_TOKEN,
      'hub.challenge': '1158201444',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toBe('1158201444');
  });

  it('refuses a wrong verify token and does not echo the challenge', async () => {
    const response = await verification({
      'hub.mode': 'subscribe',
      'hub.verify_token': `${VERIFY_TOKEN}x`,
      'hub.challenge': '42',
    });
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain('42');
  });

  it('refuses any mode but subscribe, even with the right token', async () => {
    const response = await verification({
      'hub.mode': 'unsubscribe',
      'hub.verify_token': VERIFY_TOKEN,
      'hub.challenge': '42',
    });
    expect(response.status).toBe(403);
  });
});

describe('a POST', () => {
  it('is refused with 401 without a signature, and nothing runs', async () => {
    const wamid = newWamid();
    expect((await post(messageBody('237677310001', 'hi', wamid), null)).status).toBe(401);
    await world.channel.idle();
    expect(await inboundRecords(wamid)).toBe(0);
    expect(world.simulator.messagesTo('237677310001')).toEqual([]);
  });

  it('is refused with 403 when signed with another secret', async () => {
    const wamid = newWamid();
    const body = messageBody('237677310002', 'hi', wamid);
    expect((await post(body, signed(body, 'not-our-app-secret'))).status).toBe(403);
    await world.channel.idle();
    expect(await inboundRecords(wamid)).toBe(0);
  });

  it('is refused with 403 when the body was changed after it was signed', async () => {
    const wamid = newWamid();
    const body = messageBody('237677310003', 'hi', wamid);
    const changed = body.replace('237677310003', '237677310004');
    expect((await post(changed, signed(body))).status).toBe(403);
    // The same bytes re-serialized differently are not what was signed either.
    const reformatted = JSON.stringify(JSON.parse(body), null, 2);
    expect((await post(reformatted, signed(body))).status).toBe(403);
    await world.channel.idle();
    expect(await inboundRecords(wamid)).toBe(0);
    expect(world.simulator.messagesTo('237677310004')).toEqual([]);
  });

  it('is answered 200 when signed, and its message answered through the Graph API', async () => {
    const body = messageBody('237677310005', 'hello');
    expect(await post(body, signed(body))).toEqual({ status: 200, body: '' });
    await world.channel.idle();
    expect(world.simulator.messagesTo('237677310005').map(shown)).toEqual([
      expect.objectContaining({ kind: 'button', options: ['Français', 'English'] }),
    ]);
  });

  it('runs a message delivered twice once, and answers it once', async () => {
    const person = world.person('237677310006');
    const wamid = newWamid();
    const first = await person.sends(textOf('hi'), { wamid });
    expect(first).toHaveLength(1);
    expect(await person.sends(textOf('hi'), { wamid })).toEqual([]);
    expect(await inboundRecords(wamid)).toBe(1);
    // Had the repeat run, the language menu would have taken "hi" as a wrong answer; it still waits for a choice.
    expect((await person.taps('2', 'English')).map(shown)).toEqual([
      { kind: 'text', body: 'What is your name? (as on your ID card)' },
    ]);
  });

  it('runs once when five deliveries of one message arrive at once', async () => {
    const wamid = newWamid();
    const body = messageBody('237677310007', 'hi', wamid);
    const statuses = await Promise.all(Array.from({ length: 5 }, () => post(body, signed(body))));
    expect(statuses.map((s) => s.status)).toEqual([200, 200, 200, 200, 200]);
    await world.channel.idle();
    expect(await inboundRecords(wamid)).toBe(1);
    expect(world.simulator.messagesTo('237677310007')).toHaveLength(1);
  });

  it('skips a message it cannot read the shape of and answers the others of the same delivery', async () => {
    const payload = inboundMessagePayload(BUSINESS, {
      from: '237677310009',
      wamid: newWamid(),
      at: new Date(),
      content: textOf('hi'),
    });
    const value = payload.entry[0]!.changes[0]!.value as unknown as { messages: unknown[] };
    value.messages.unshift({ from: '237677310009', type: 'text', text: { body: 'no id' } });
    const body = JSON.stringify(payload);
    expect((await post(body, signed(body))).status).toBe(200);
    await world.channel.idle();
    expect(world.simulator.messagesTo('237677310009')).toHaveLength(1);
  });

  it('refuses a signed body that is not a WhatsApp Business Account payload with 400', async () => {
    const body = JSON.stringify({ object: 'page', entry: [] });
    expect((await post(body, signed(body))).status).toBe(400);
  });

  it('ignores messages for another phone number of the same app', async () => {
    const wamid = newWamid();
    const payload = inboundMessagePayload(
      { ...BUSINESS, phoneNumberId: '999999999999999' },
      { from: '237677310008', wamid, at: new Date(), content: textOf('hi') },
    );
    const body = JSON.stringify(payload);
    expect((await post(body, signed(body))).status).toBe(200);
    await world.channel.idle();
    expect(await inboundRecords(wamid)).toBe(0);
    expect(world.simulator.messagesTo('237677310008')).toEqual([]);
  });
});

describe('status webhooks', () => {
  it('record sent, delivered and read on the notice the outbox sent, in any order', async () => {
    const to = '237677310020' as Msisdn;
    const outbox = world.product.services.outbox;
    await outbox.notify(
      to,
      {
        key: 'payments.received',
        params: { amount: { francs: 5000 }, sender: 'Awa', number: '677300001', reference: 'R1' },
      },
      'notice-r1',
    );
    const graph = new GraphApiClient({
      baseUrl: world.simulator.url,
      version: GRAPH_VERSION,
      phoneNumberId: PHONE_NUMBER_ID,
      accessToken: ACCESS_TOKEN,
      retryDelaysMs: [],
    });
    const worker = new OutboxWorker({
      outbox,
      users: world.product.services.people,
      senders: [new CloudNoticeSender(graph)],
      fallbackChannel: 'whatsappCloud',
    });
    expect(await worker.runPass()).toMatchObject({ sent: 1 });
    const [notice] = world.simulator.messagesTo(to);
    expect(shown(notice!)).toEqual({ kind: 'text', body: 'Vous avez reçu 5 000 FCFA de Awa (677300001). Réf R1' });

    // Read is reported before delivered: each stage is kept under its own name.
    for (const status of ['sent', 'read', 'delivered'] as const) {
      expect((await world.simulator.sendStatus(notice!.id, status)).status).toBe(200);
    }
    await world.channel.idle();
    const [record] = await outbox.for(to);
    expect(record).toMatchObject({ channel: 'whatsappCloud', providerId: notice!.id });
    expect(Object.keys(record?.receipts ?? {}).sort()).toEqual(['delivered', 'read', 'sent']);
    expect(record?.receipts?.read).toBeInstanceOf(Date);
  });

  it('record a failure after acceptance with its error code', async () => {
    const to = '237677310021' as Msisdn;
    const outbox = world.product.services.outbox;
    await outbox.notify(to, { key: 'money.topUpFailed' }, 'notice-f1');
    const graph = new GraphApiClient({
      baseUrl: world.simulator.url,
      version: GRAPH_VERSION,
      phoneNumberId: PHONE_NUMBER_ID,
      accessToken: ACCESS_TOKEN,
      retryDelaysMs: [],
    });
    const worker = new OutboxWorker({
      outbox,
      users: world.product.services.people,
      senders: [new CloudNoticeSender(graph)],
      fallbackChannel: 'whatsappCloud',
    });
    await worker.runPass();
    const [notice] = world.simulator.messagesTo(to);
    await world.simulator.sendStatus(notice!.id, 'failed', { errorCode: 131047 });
    await world.channel.idle();
    const [record] = await outbox.for(to);
    expect(record?.receipts?.failed).toBeInstanceOf(Date);
    expect(record?.receiptError).toBe(131047);
  });

  it('of a reply in a conversation (no notice) change nothing and are answered 200', async () => {
    const [reply] = await world.person('237677310022').types('hi');
    expect((await world.simulator.sendStatus(reply!.id, 'delivered')).status).toBe(200);
    await world.channel.idle();
    expect(await world.product.services.outbox.for('237677310022' as Msisdn)).toEqual([]);
  });
});
