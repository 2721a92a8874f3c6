/**
 * How long a Telegram link speaks for a number, through the real channel, runtime and database with the fake Bot
 * API: it is removed when the account is deleted, and a link made before the number changed hands speaks for
 * nobody (not even for notices) until the Telegram account shares its contact again.
 */
import type { Msisdn } from '../../../../domain/phone';
import { translate } from '../../../../flows/messages';
import { textsOf, useTelegramBot } from './support';

const bot = useTelegramBot();

async function linkCount(userId: number): Promise<number> {
  return bot.product.db.connection.collection('telegram_links').countDocuments({ _id: String(userId) as never });
}

describe('a Telegram link', () => {
  it('is removed when the account is deleted: the Telegram account must share its contact again', async () => {
    const amina = bot.person(8101, '237677810101');
    await signUpThroughTelegram(amina, 'Amina Bello');
    expect(textsOf(await amina.sends('00')).join('\n')).toContain(
      translate('en', 'menu.title', { name: 'Amina Bello' }),
    );
    await amina.sends('9');
    await amina.sends('4');
    await amina.sends('1');
    expect(textsOf(await amina.sends('2468'))).toEqual([translate('en', 'settings.deleted')]);
    expect(await bot.product.services.people.find('237677810101' as Msisdn)).toBeNull();

    const turnsBefore = bot.turns.length;
    const prompt = await amina.sends('hello');
    expect(prompt[0]?.text).toContain('Share my number');
    expect(textsOf(prompt)).toHaveLength(1);
    expect(await linkCount(8101)).toBe(0);
    expect(prompt[0]?.replyMarkup?.keyboard?.[0]?.[0]?.request_contact).toBe(true);
    expect(bot.turns.length).toBe(turnsBefore);
    expect(await bot.channel.sendNotice('237677810101' as Msisdn, 'hello')).toEqual({
      ok: false,
      reason: 'NOT_LINKED',
    });

    // Sharing the contact again links it anew: the number is greeted as a new one.
    const linked = await amina.sharesContact();
    expect(linked[linked.length - 1]?.text).toBe(translate('fr', 'onboarding.welcome'));
    expect(await linkCount(8101)).toBe(1);
  });

  it('made before the number was registered again speaks for nobody until the contact is shared again', async () => {
    const number = '237677820202' as Msisdn;
    const kofi = bot.person(8202, number);
    await signUpThroughTelegram(kofi, 'Kofi Mensah');
    expect(textsOf(await kofi.sends('00')).join('\n')).toContain(
      translate('en', 'menu.title', { name: 'Kofi Mensah' }),
    );
    const link = await bot.product.db.connection.collection('telegram_links').findOne({ _id: '8202' as never });

    // The owner leaves. The link made before that survives in the store (as when it was made while the deletion
    // ran, or the deletion stopped before removing it), and the number gets a new owner.
    await kofi.sends('9');
    await kofi.sends('4');
    await kofi.sends('1');
    expect(textsOf(await kofi.sends('2468'))).toEqual([translate('en', 'settings.deleted')]);
    if (!link) throw new Error('kofi was not linked');
    await bot.product.db.connection.collection('telegram_links').replaceOne({ _id: link._id }, link, { upsert: true });
    const nadia = await bot.product.signedUp(number, 'Nadia Fotso');

    const turnsBefore = bot.turns.length;
    const prompt = await kofi.sends('00');
    expect(prompt[0]?.text).toContain('Share my number');
    expect(bot.turns.length).toBe(turnsBefore);
    expect(await bot.links.find(8202)).toBeNull();
    expect(await bot.channel.sendNotice(number, 'for the new owner only')).toEqual({ ok: false, reason: 'NOT_LINKED' });

    // Sharing the contact again makes a new link: it speaks for the number's owner now.
    const relinked = await kofi.sharesContact();
    expect(textsOf(relinked)[0]).toContain('+237 6 77 82 02 02');
    expect(await bot.links.find(8202)).toMatchObject({ msisdn: number });
    expect(textsOf(await kofi.sends('00')).join('\n')).toContain(
      translate('en', 'menu.title', { name: 'Nadia Fotso' }),
    );
    expect(await bot.channel.sendNotice(number, 'hello Nadia')).toMatchObject({ ok: true });
    expect((await nadia.says('00'))[0]).toContain('Hello Nadia Fotso');
  });

  it('made while nobody held the number speaks for nobody once someone signs up with it elsewhere', async () => {
    const number = '237677830303' as Msisdn;
    const efua = bot.person(8303, number);
    await efua.sends('hi');
    const linked = await efua.sharesContact();
    expect(linked[linked.length - 1]?.text).toBe(translate('fr', 'onboarding.welcome'));

    // Someone signs up with the number by SMS (here the console): the Telegram account did not sign anyone up.
    await bot.product.signedUp(number, 'Yaw Boateng');
    const turnsBefore = bot.turns.length;
    const prompt = await efua.sends('hi');
    expect(prompt[0]?.text).toContain('Share my number');
    expect(bot.turns.length).toBe(turnsBefore);
    expect(await bot.channel.sendNotice(number, 'for Yaw only')).toEqual({ ok: false, reason: 'NOT_LINKED' });
  });
});

/** Links the Telegram account by its contact and signs its number up through the Telegram conversation. */
async function signUpThroughTelegram(person: ReturnType<typeof bot.person>, name: string): Promise<void> {
  await person.sends('hi');
  await person.sharesContact();
  await person.presses('2');
  await person.sends(name);
  await person.sends('2468');
  await person.sends('2468');
  await person.presses('1');
}
