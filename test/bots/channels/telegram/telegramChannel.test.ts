/**
 * The Telegram channel through Telegram's webhook on the real HTTP server, the real runtime and database, and the
 * fake Bot API: linking an account by its own contact, a whole sign-up and a balance through inline buttons,
 * PIN messages deleted, the webhook's secret, Telegram's retries, its rate limits and notices.
 */
import type { Msisdn } from '../../../../domain/phone';
import { translate } from '../../../../flows/messages';
import { telegramMessages } from '../../../../flows/messages/telegram';
import { TELEGRAM_WEBHOOK_PATH } from '../../../../bots/channels/telegram/telegramChannel';
import { textsOf, useTelegramBot, WEBHOOK_SECRET } from './support';
import { mentionsSecret } from '../../../support/secrets';

const bot = useTelegramBot();

async function inboundCount(): Promise<number> {
  return bot.product.db.connection.collection('inbound_messages').countDocuments({});
}

describe('linking a Telegram account to a phone number', () => {
  it('links by the shared contact, then signs up and reads the balance through inline buttons', async () => {
    const amina = bot.person(7001, '237677001122');

    // Before anything else: the share-your-number prompt in both languages, with the request_contact button.
    const prompt = await amina.sends('bonjour');
    expect(prompt).toHaveLength(1);
    expect(prompt[0]?.text).toContain('Partager mon numéro');
    expect(prompt[0]?.text).toContain('Share my number');
    expect(prompt[0]?.replyMarkup?.keyboard?.[0]?.[0]).toEqual(
      expect.objectContaining({ request_contact: true, text: 'Partager mon numéro / Share my number' }),
    );
    expect(bot.turns).toHaveLength(0);

    // Sharing their own contact links the account and opens the conversation: the language menu as buttons.
    const linked = await amina.sharesContact();
    expect(textsOf(linked)[0]).toContain('+237 6 77 00 11 22');
    expect(linked[0]?.replyMarkup).toEqual({ remove_keyboard: true });
    const welcome = linked[linked.length - 1];
    expect(welcome?.text).toBe(translate('fr', 'onboarding.welcome'));
    expect(welcome?.replyMarkup?.inline_keyboard).toEqual([
      [{ text: '1. Français', callback_data: '1' }],
      [{ text: '2. English', callback_data: '2' }],
    ]);
    expect((await bot.links.find(7001))?.msisdn).toBe('237677001122');

    // English, by button: the pressed menu loses its buttons and says what was chosen.
    expect(textsOf(await amina.presses('2'))).toEqual([translate('en', 'onboarding.askName')]);
    const answeredMenu = bot.api.message(amina.chatId, welcome?.messageId ?? 0);
    expect(answeredMenu?.replyMarkup).toBeUndefined();
    expect(answeredMenu?.text).toContain('→ 2. English');

    expect(textsOf(await amina.sends('Amina Bello'))).toEqual([translate('en', 'onboarding.askPin')]);
    await amina.sends('2468');
    await amina.sends('2468');
    const terms = amina.latestMenu();
    expect(terms.text).toBe(translate('en', 'onboarding.terms'));
    const opened = textsOf(await amina.presses('1'));
    expect(opened.join('\n')).toContain(translate('en', 'onboarding.done', { name: 'Amina Bello' }));
    expect(amina.latestMenu().text).toContain(translate('en', 'menu.title', { name: 'Amina Bello' }));

    const askPin = textsOf(await amina.presses(amina.optionLabelled(translate('en', 'menu.balance'))));
    expect(askPin).toEqual([translate('en', 'pin.askToView')]);
    const balance = textsOf(await amina.sends('2468'));
    expect(balance).toEqual([
      translate('en', 'menu.balanceIs', {
        available: { francs: 0 },
        held: { francs: 0 },
        incoming: { francs: 0 },
      }),
    ]);

    // Every press was answered, and every turn ran for the linked number.
    expect(bot.api.callsTo('answerCallbackQuery')).toHaveLength(3);
    expect(bot.api.allQueriesAnswered()).toBe(true);
    expect(new Set(bot.turns.map((t) => t.inbound.msisdn))).toEqual(new Set(['237677001122']));
    expect(bot.turns.filter((t) => t.inbound.type === 'choice').map((t) => t.inbound)).toEqual([
      expect.objectContaining({ optionId: '2' }),
      expect.objectContaining({ optionId: '1' }),
      expect.objectContaining({ optionId: '1' }),
    ]);
    expect(await bot.product.services.people.find('237677001122' as Msisdn)).toEqual(
      expect.objectContaining({ name: 'Amina Bello', language: 'en' }),
    );
  });

  it('refuses the contact of someone else and keeps asking for the own number', async () => {
    const paul = bot.person(7002, '237699002233');
    const turnsBefore = bot.turns.length;
    const refused = await paul.sharesContact({ phone: '237677445566', userId: 9999 });
    expect(refused).toHaveLength(1);
    expect(refused[0]?.text).toContain('pas le contact de quelqu’un d’autre');
    expect(refused[0]?.text).toContain('not the contact of someone else');
    expect(refused[0]?.replyMarkup?.keyboard?.[0]?.[0]?.request_contact).toBe(true);
    // A contact card without a Telegram account behind it is not theirs either.
    await paul.sharesContact({ phone: '237699002233' });
    // Nor is their own card forwarded from elsewhere.
    await paul.sharesContact(
      { phone: '237699002233', userId: 7002 },
      { forward_origin: { type: 'hidden_user', sender_user_name: 'x', date: 1 } },
    );
    expect(await bot.links.find(7002)).toBeNull();
    expect(bot.turns.length).toBe(turnsBefore);
    expect(textsOf(await paul.sends('hello'))[0]).toContain('Share my number');
  });

  it('refuses a number outside Cameroon politely, in both languages, and links nothing', async () => {
    const marie = bot.person(7003, '33612345678');
    const refused = await marie.sharesContact();
    expect(textsOf(refused)).toEqual([
      `${telegramMessages.fr['telegram.onlyCameroon']}\n\n${telegramMessages.en['telegram.onlyCameroon']}`,
    ]);
    expect(await bot.links.find(7003)).toBeNull();
  });

  it('keeps the first link when the same account shares its contact twice at once', async () => {
    const joe = bot.person(7004, '237650112233');
    const updates = [bot.api.contactUpdate(joe.account), bot.api.contactUpdate(joe.account)];
    expect(await Promise.all(updates.map((u) => bot.api.deliver(u)))).toEqual([200, 200]);
    const docs = await bot.product.db.connection
      .collection('telegram_links')
      .find({ _id: '7004' as never })
      .toArray();
    expect(docs).toEqual([expect.objectContaining({ msisdn: '237650112233', chatId: 7004 })]);
  });
});

describe('PINs', () => {
  it('deletes the message holding a PIN once read, and only that one', async () => {
    const awa = bot.person(7010, '237655010101');
    await awa.sends('hi');
    await awa.sharesContact();
    await awa.presses('1');
    await awa.sends('Awa Ndiaye');
    const pin = bot.api.textUpdate(awa.account, '2468');
    expect(await bot.api.deliver(pin)).toBe(200);
    const again = bot.api.textUpdate(awa.account, '2468');
    expect(await bot.api.deliver(again)).toBe(200);

    const deleted = bot.api
      .callsTo('deleteMessage')
      .map((c) => c.params)
      .filter((p) => p.chat_id === 7010);
    expect(deleted).toEqual([
      { chat_id: 7010, message_id: pin.message.message_id },
      { chat_id: 7010, message_id: again.message.message_id },
    ]);
    expect(bot.api.message(7010, pin.message.message_id)?.deleted).toBe(true);
    // The name was not a secret: it stays.
    const name = bot.turns.find((t) => t.inbound.type === 'text' && t.inbound.text === 'Awa Ndiaye');
    expect(name?.result.secretInput).toBe(false);
    expect(mentionsSecret(bot.logs.text(), '2468')).toBe(false);
  });
});

describe('the webhook', () => {
  it('refuses a delivery without the secret (401) or with another (403), and runs nothing', async () => {
    const eve = bot.person(7020, '237690202020');
    const update = bot.api.textUpdate(eve.account, 'hi');
    const sentBefore = bot.api.callsTo('sendMessage').length;
    const inboundBefore = await inboundCount();
    expect(await bot.api.deliver(update, { secret: null })).toBe(401);
    expect(await bot.api.deliver(update, { secret: 'not-the-secret' })).toBe(403);
    expect(await bot.api.deliver(update, { secret: `${WEBHOOK_SECRET}x` })).toBe(403);
    expect(bot.api.callsTo('sendMessage').length).toBe(sentBefore);
    expect(await inboundCount()).toBe(inboundBefore);
    const refused = await bot.metrics.registry.getSingleMetricAsString('chatpay_webhooks_refused_total');
    expect(refused).toContain('channel="telegram",reason="missing_secret"} 1');
    expect(refused).toContain('channel="telegram",reason="bad_secret"} 2');

    // The same update with the right secret is served.
    expect(await bot.api.deliver(update)).toBe(200);
    expect(bot.api.callsTo('sendMessage').length).toBe(sentBefore + 1);
  });

  it('was set at our public address with the secret and only the updates we read', () => {
    expect(bot.api.webhook).toEqual({
      url: `${bot.server.url}${TELEGRAM_WEBHOOK_PATH}`,
      secretToken: WEBHOOK_SECRET,
      allowedUpdates: ['message', 'callback_query'],
    });
  });

  it('runs an update delivered again once, however many times and however concurrently it comes', async () => {
    const ali = bot.person(7030, '237670303030');
    await ali.sends('hi');
    await ali.sharesContact();
    const update = bot.api.textUpdate(ali.account, '1');
    const turnsBefore = bot.turns.length;
    const statuses = await Promise.all(Array.from({ length: 10 }, () => bot.api.deliver(update)));
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(await bot.api.deliver(update)).toBe(200);
    const turns = bot.turns.slice(turnsBefore);
    expect(turns).toHaveLength(11);
    expect(turns.filter((t) => !t.result.duplicate)).toHaveLength(1);
    const stored = await bot.product.db.connection
      .collection('inbound_messages')
      .countDocuments({ _id: `telegram:7030:${update.update_id}` as never });
    expect(stored).toBe(1);
  });

  it('answers 500 when the turn cannot run, so that Telegram delivers the update again', async () => {
    const ben = bot.person(7040, '237670404040');
    await ben.sends('hi');
    await ben.sharesContact();
    const update = bot.api.textUpdate(ben.account, 'hello');
    // Telegram is down for our replies: the turn ran, its answer is saved, the replies could not be sent.
    bot.api.rateLimit('sendMessage', 999, 1);
    expect(await bot.api.deliver(update)).toBe(500);
    // Telegram's retry is a duplicate for the runtime, and the saved replies go out this time.
    const before = ben.newMessages().length;
    expect(await bot.api.deliver(update)).toBe(200);
    expect(before).toBe(0);
    expect(ben.newMessages().length).toBeGreaterThan(0);
    expect(
      bot.turns.filter((t) => t.inbound.messageId === `7040:${update.update_id}`).map((t) => t.result.duplicate),
    ).toEqual([false, true]);
  });
});

describe('rate limits and notices', () => {
  it('waits the retry_after of a 429, then sends', async () => {
    const kim = bot.person(7050, '237670505050');
    bot.api.rateLimit('sendMessage', 1, 1);
    const prompt = await kim.sends('hi');
    const calls = bot.api.callsTo('sendMessage').filter((c) => c.params.chat_id === 7050);
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(990);
    expect(prompt).toHaveLength(1);
  });

  it('sends a notice to the account linked to a number, split within 4096 characters', async () => {
    const lea = bot.person(7060, '237670606060');
    await lea.sends('hi');
    await lea.sharesContact();
    lea.newMessages();
    const long = Array.from({ length: 900 }, (_, i) => `line ${i}`).join('\n');
    expect(await bot.channel.sendNotice('237670606060' as Msisdn, long)).toEqual({
      ok: true,
      messageIds: [expect.any(Number), expect.any(Number)],
    });
    const notices = lea.newMessages();
    expect(notices.length).toBeGreaterThan(1);
    expect(notices.every((m) => (m.text ?? '').length <= 4096)).toBe(true);
    expect(notices.map((m) => m.text).join('\n')).toBe(long);
    expect(await bot.channel.sendNotice('237670999999' as Msisdn, 'hello')).toEqual({
      ok: false,
      reason: 'NOT_LINKED',
    });
  });
});
