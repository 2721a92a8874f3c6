/**
 * Notices through the WhatsApp Cloud API, delivered by the real outbox worker on the real database through the
 * real Graph client to the Graph API simulator: sent once through rate limits, and handed to SMS in the same
 * attempt when Meta refuses free text outside the 24-hour window.
 */
import { randomUUID } from 'node:crypto';
import { CloudNoticeSender } from '../../../../bots/channels/whatsappCloud/cloudNoticeSender';
import { GraphApiClient } from '../../../../bots/channels/whatsappCloud/graphClient';
import { OutboxWorker } from '../../../../bots/runtime/outbox/outboxWorker';
import type { NoticeSender } from '../../../../bots/runtime/outbox/ports';
import type { Notice } from '../../../../domain/notifications';
import type { Msisdn } from '../../../../domain/phone';
import { ACCESS_TOKEN, GRAPH_VERSION, PHONE_NUMBER_ID, shown, useCloudWorld } from './cloudWorld';

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

function workerWith(sms: NoticeSender) {
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
    senders: [new CloudNoticeSender(graph), sms],
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
