/**
 * Notices through the WhatsApp Cloud API, delivered by the real outbox worker on the real database through the
 * real Graph client to the Graph API simulator: sent once through rate limits, and handed to SMS in the same
 * attempt when Meta refuses free text outside the 24-hour window and the notice has no approved template; sent as
 * its template (the settings' default list) when it has one.
 */
import { randomUUID } from 'node:crypto';
import { CloudNoticeSender, type CloudNoticeOptions } from '../../../../bots/channels/whatsappCloud/cloudNoticeSender';
import { loadConfig } from '../../../../integrations/config';
import { GraphApiClient } from '../../../../bots/channels/whatsappCloud/graphClient';
import { OutboxWorker } from '../../../../bots/runtime/outbox/outboxWorker';
import type { NoticeSender } from '../../../../bots/runtime/outbox/ports';
import type { Notice } from '../../../../domain/notifications';
import type { Msisdn } from '../../../../domain/phone';
import { startGraphApiSimulator } from '../../../../integrations/whatsappCloud/graphApiSimulator';
import { ACCESS_TOKEN, APP_SECRET, GRAPH_VERSION, PHONE_NUMBER_ID, shown, useCloudWorld } from './cloudWorld';

const world = useCloudWorld();

/** The SMS side, a hand-written stand-in: it only records what it was given. */
function smsRecorder(): NoticeSender & { sent: { to: Msisdn; key: string }[] } {
  const sent: { to: Msisdn; key: string }[] = [];
  return {
    channel: 'sms',
    sent,
    async send(to: Msisdn, notice: Notice) {
      sent.push({ to, key: notice.key });
      return { providerId: `SM${randomUUID()}` };
    },
  };
}

const config = loadConfig({});
const templates = { templates: config.WHATSAPP_CLOUD_TEMPLATES, languages: config.WHATSAPP_CLOUD_TEMPLATE_LANGUAGES };

function workerWith(sms: NoticeSender, options: CloudNoticeOptions = { templates }) {
  const graph = new GraphApiClient({
    baseUrl: world.simulator.url,
    version: GRAPH_VERSION,
    phoneNumberId: PHONE_NUMBER_ID,
    accessToken: ACCESS_TOKEN,
    retryDelaysMs: [10, 20],
  });
  return new OutboxWorker({
    outbox: world.product.services.outbox,
    users: world.product.services.people,
    senders: [new CloudNoticeSender(graph, options), sms],
    // Everyone here last wrote on the Cloud API channel.
    channels: { channelFor: async () => 'whatsappCloud' },
  });
}

it('sends a notice once through a rate limit, and records its wamid as the provider id', async () => {
  const to = '237677340001' as Msisdn;
  await world.product.services.outbox.notify(
    to,
    { key: 'money.topUpSucceeded', params: { amount: { francs: 2000 }, balance: { francs: 2000 }, reference: 'T1' } },
    'n-rate',
  );
  world.simulator.failNext(1, 429);
  const sms = smsRecorder();
  expect(await workerWith(sms).runPass()).toMatchObject({ sent: 1, retrying: 0 });
  const messages = world.simulator.messagesTo(to);
  expect(messages.map((m) => shown(m).kind)).toEqual(['text']);
  expect(sms.sent).toEqual([]);
  const [record] = await world.product.services.outbox.for(to);
  expect(record).toMatchObject({ channel: 'whatsappCloud', providerId: messages[0]?.id, attempts: 1 });
});

it('hands a notice Meta refuses outside the 24-hour window to SMS in the same attempt', async () => {
  const to = '237677340002' as Msisdn;
  await world.product.services.outbox.notify(to, { key: 'money.topUpFailed' }, 'n-window');
  world.simulator.failNext(1, { code: 131047 });
  const sms = smsRecorder();
  expect(await workerWith(sms).runPass()).toMatchObject({ sent: 1 });
  expect(world.simulator.messagesTo(to)).toEqual([]);
  expect(sms.sent).toEqual([{ to, key: 'money.topUpFailed' }]);
  const [record] = await world.product.services.outbox.for(to);
  expect(record).toMatchObject({ channel: 'sms', attempts: 1 });
});

it('keeps a notice for later when Meta stays down, without sending it', async () => {
  const to = '237677340003' as Msisdn;
  await world.product.services.outbox.notify(to, { key: 'money.topUpFailed' }, 'n-down');
  world.simulator.failNext(3, 500);
  const sms = smsRecorder();
  expect(await workerWith(sms).runPass()).toMatchObject({ sent: 0, retrying: 1 });
  expect(world.simulator.messagesTo(to)).toEqual([]);
  expect(sms.sent).toEqual([]);
  const [record] = await world.product.services.outbox.for(to);
  expect(record).toMatchObject({ sentAt: null, attempts: 1, lastError: 'whatsapp cloud UNAVAILABLE' });
});

describe('outside the 24-hour window', () => {
  const received = {
    key: 'payments.received',
    params: { amount: { francs: 5000 }, sender: 'Awa Fon', number: '677300001', reference: 'R7' },
  } as const;

  it('sends a notice to a person who last wrote over 24 hours ago as its approved template, at once', async () => {
    const to = '237677340011' as Msisdn;
    await world.product.services.outbox.notify(to, received, 'n-template');
    const lastWroteAt = async () => new Date(Date.now() - 25 * 3_600_000);
    const sms = smsRecorder();
    const calls = world.simulator.calls;
    expect(await workerWith(sms, { templates, lastWroteAt }).runPass()).toMatchObject({ sent: 1 });
    // One call: no free text tried first.
    expect(world.simulator.calls - calls).toBe(1);
    const [message] = world.simulator.messagesTo(to);
    expect(message?.body).toMatchObject({
      type: 'template',
      template: {
        name: 'money_received',
        // Nobody signed up with this number: notices speak French, the product's first language.
        language: { code: 'fr' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: '5 000 FCFA' },
              { type: 'text', text: 'Awa Fon' },
              { type: 'text', text: '677300001' },
              { type: 'text', text: 'R7' },
            ],
          },
        ],
      },
    });
    expect(sms.sent).toEqual([]);
    const [record] = await world.product.services.outbox.for(to);
    expect(record).toMatchObject({ channel: 'whatsappCloud', providerId: message?.id });
  });

  it('sends the template after Meta refuses the free text (131047) when the last message time is unknown', async () => {
    const to = '237677340012' as Msisdn;
    await world.product.services.outbox.notify(to, received, 'n-template-late');
    world.simulator.failNext(1, { code: 131047 });
    const sms = smsRecorder();
    expect(await workerWith(sms).runPass()).toMatchObject({ sent: 1 });
    expect(world.simulator.messagesTo(to).map((m) => m.type)).toEqual(['template']);
    expect(sms.sent).toEqual([]);
  });

  it('sends free text to a person who wrote within 24 hours', async () => {
    const to = '237677340013' as Msisdn;
    await world.product.services.outbox.notify(to, received, 'n-in-window');
    const lastWroteAt = async () => new Date(Date.now() - 3_600_000);
    expect(await workerWith(smsRecorder(), { templates, lastWroteAt }).runPass()).toMatchObject({ sent: 1 });
    expect(world.simulator.messagesTo(to).map((m) => m.type)).toEqual(['text']);
  });

  it('against a Graph API that holds the window itself: the text refused, the template taken; an unapproved one, SMS', async () => {
    const meta = await startGraphApiSimulator({
      accessToken: ACCESS_TOKEN,
      appSecret: APP_SECRET,
      phoneNumberId: PHONE_NUMBER_ID,
      customerWindow: true,
      approvedTemplates: ['money_received'],
    });
    try {
      const graph = new GraphApiClient({
        baseUrl: meta.url,
        version: GRAPH_VERSION,
        phoneNumberId: PHONE_NUMBER_ID,
        accessToken: ACCESS_TOKEN,
        retryDelaysMs: [],
      });
      const sms = smsRecorder();
      const worker = new OutboxWorker({
        outbox: world.product.services.outbox,
        users: world.product.services.people,
        senders: [new CloudNoticeSender(graph, { templates }), sms],
        channels: { channelFor: async () => 'whatsappCloud' },
      });
      const to = '237677340014' as Msisdn;
      meta.wroteAt(to, new Date(Date.now() - 30 * 3_600_000));
      await world.product.services.outbox.notify(to, received, 'n-meta-window');
      const topUp = {
        key: 'money.topUpSucceeded',
        params: { amount: { francs: 1000 }, balance: { francs: 1000 }, reference: 'T9' },
      } as const;
      await world.product.services.outbox.notify(to, topUp, 'n-meta-unapproved');
      expect(await worker.runPass()).toMatchObject({ sent: 2 });
      expect(meta.messagesTo(to).map((m) => (m.body.template as { name: string }).name)).toEqual(['money_received']);
      // topup_received is not approved at this Meta: refused for good, so the notice went by SMS.
      expect(sms.sent).toEqual([{ to, key: 'money.topUpSucceeded' }]);
    } finally {
      await meta.close();
    }
  });
});
