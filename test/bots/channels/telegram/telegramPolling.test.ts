/**
 * The Telegram channel without a public address: long polling on the fake Bot API (webhook removed first, each
 * update confirmed by the next offset), the same turns as by webhook, the sending queue's per-chat pace, and a
 * clean stop.
 */
import { ChannelTurns } from '../../../../bots/channels/http/turns';
import { TelegramChannel } from '../../../../bots/channels/telegram/telegramChannel';
import { MongoTelegramLinks } from '../../../../integrations/mongo/telegramLinkStore';
import type { Msisdn } from '../../../../domain/phone';
import { translate } from '../../../../flows/messages';
import { eventually, useProduct } from '../../../support/chat';
import { FakeBotApi, type TelegramPerson } from '../../../support/fakeBotApi';
import { capturedLogs } from '../http/support';

const product = useProduct();
const logs = capturedLogs();
let api: FakeBotApi;
let channel: TelegramChannel;
let turns: ChannelTurns;

beforeAll(async () => {
  api = await FakeBotApi.start();
  // A webhook left from an earlier deployment: polling must remove it first.
  api.webhook = { url: 'https://old.example.cm/webhooks/telegram' };
  turns = new ChannelTurns(product.conversations);
  channel = new TelegramChannel({
    token: api.token,
    apiRoot: api.apiRoot,
    turns,
    links: await MongoTelegramLinks.open(product.db.connection, (msisdn) =>
      product.services.people.numberOwnership(msisdn),
    ),
    logger: logs.logger,
    // Five messages a second in one chat, none at once: the pace is visible in a test.
    sender: { perChatPerSecond: 5, perChatBurst: 1 },
  });
  await channel.startPolling();
});

afterAll(async () => {
  await channel.stop();
  await api.close();
});

const nadia: TelegramPerson = { id: 8001, firstName: 'Nadia', phone: '+237 6 91 00 80 01' };

describe('long polling', () => {
  it('removes the webhook, then serves queued updates: link, then the language menu', async () => {
    expect(api.callsTo('deleteWebhook').length).toBeGreaterThanOrEqual(1);
    expect(api.webhook).toBeNull();

    api.queueUpdate(api.textUpdate(nadia, 'salut'));
    await eventually(() => expect(api.botMessages(nadia.id)).toHaveLength(1));
    expect(api.botMessages(nadia.id)[0]?.replyMarkup?.keyboard?.[0]?.[0]?.request_contact).toBe(true);

    api.queueUpdate(api.contactUpdate(nadia));
    await eventually(() => expect(api.botMessages(nadia.id)).toHaveLength(3));
    expect(api.botMessages(nadia.id)[2]?.text).toBe(translate('fr', 'onboarding.welcome'));

    const menu = api.botMessages(nadia.id)[2];
    if (!menu) throw new Error('no menu');
    api.queueUpdate(api.callbackUpdate(nadia, menu, '1'));
    await eventually(() => expect(api.botMessages(nadia.id)).toHaveLength(4));
    expect(api.botMessages(nadia.id)[3]?.text).toBe(translate('fr', 'onboarding.askName'));
    expect(api.allQueriesAnswered()).toBe(true);

    // Each batch was confirmed by the next getUpdates' offset: nothing was served twice.
    const offsets = api.callsTo('getUpdates').map((c) => Number(c.params.offset ?? 0));
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
  });

  it('spaces the messages of one chat at the configured pace', async () => {
    const text = Array.from({ length: 1500 }, (_, i) => `notice line ${i}`).join('\n');
    const sent = api.callsTo('sendMessage').length;
    expect(await channel.sendNotice('237691008001' as Msisdn, text)).toEqual(expect.objectContaining({ ok: true }));
    const calls = api.callsTo('sendMessage').slice(sent);
    expect(calls.length).toBeGreaterThanOrEqual(5);
    // 200 ms apart as sent; the fake sees each request after its own delay on the way, so one slow request (the
    // first opens a connection) shortens the gap before it and lengthens the one after. The typical gap is the pace,
    // and no gap comes near a burst. (The span first to last failed a loaded CI run at 926 ms against 950.)
    const gaps = calls.slice(1).map((call, i) => call.at - (calls[i]?.at ?? 0));
    const median = [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)] ?? 0;
    expect(median).toBeGreaterThanOrEqual(190);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(120);
  });

  it('stops polling once asked, after the update in hand', async () => {
    await channel.stop();
    const polls = api.callsTo('getUpdates').length;
    api.queueUpdate(api.textUpdate(nadia, 'still there?'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    // At most telegraf's own offset confirmation on its way out.
    expect(api.callsTo('getUpdates').length).toBeLessThanOrEqual(polls + 1);
    expect(turns.inFlight).toBe(0);
  });
});
