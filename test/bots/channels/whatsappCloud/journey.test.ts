/**
 * A person on the WhatsApp Cloud API channel, end to end over real HTTP: the Graph API simulator delivers their
 * messages to the signed webhook, the real runtime runs on the real database, and the replies reach the simulator
 * through the real Graph client, as buttons, lists or text as Meta's limits allow (the simulator refuses anything
 * beyond them, so a reply that reached it was within them).
 */
import type { Msisdn } from '../../../../domain/phone';
import { ACCESS_TOKEN, APP_SECRET, shown, useCloudWorld, VERIFY_TOKEN } from './cloudWorld';

const world = useCloudWorld();

describe('a person on the WhatsApp Cloud API', () => {
  it('signs up and checks the balance: short menus as buttons, the main menu as a list, the rest as text', async () => {
    const person = world.person('237677300001');
    expect((await person.types('Bonjour')).map(shown)).toEqual([
      {
        kind: 'button',
        body: 'Bienvenue ! Welcome! Choisissez votre langue / Choose your language:',
        options: ['Français', 'English'],
      },
    ]);
    expect((await person.taps('2', 'English')).map(shown)).toEqual([
      { kind: 'text', body: 'What is your name? (as on your ID card)' },
    ]);
    expect((await person.types('Awa Fon')).map(shown)[0]?.body).toContain('Choose a secret PIN');
    // The first PIN typed stays in the chat (the Cloud API cannot delete it): the person is told once how to.
    expect((await person.types('2468')).map(shown)).toEqual([
      { kind: 'text', body: 'Enter the same PIN again to confirm it.' },
      {
        kind: 'text',
        body: 'For your safety, please delete the message holding your PIN: WhatsApp does not let us remove it from this chat (press and hold the message, then Delete). We will not remind you again.',
      },
    ]);
    const terms = (await person.types('2468')).map(shown);
    expect(terms).toEqual([
      { kind: 'button', body: expect.stringContaining('terms'), options: ['I accept', 'I decline'] },
    ]);
    // The welcome and the menu travel as one list message: the text goes into the list's body.
    const menu = (await person.taps('1', 'I accept')).map(shown);
    expect(menu).toEqual([
      {
        kind: 'list',
        body: 'Welcome Awa Fon! Your wallet is open. Never share your PIN, not even with us.\n\nHello Awa Fon. What would you like to do?',
        options: [
          'Balance',
          'Top up',
          'Send money',
          'Request payment',
          'Pay a bill',
          'Withdraw',
          'History',
          'Requests to pay',
          'Settings',
          'My business',
        ],
      },
    ]);
    expect((await person.picks('1', 'Balance')).map(shown)).toEqual([
      { kind: 'text', body: 'Enter your PIN to see your balance and history.' },
    ]);
    // Later PINs get no advice: once is enough.
    expect((await person.types('2468')).map(shown)).toEqual([
      { kind: 'text', body: 'Available: 0 FCFA. On hold: 0 FCFA. Incoming: 0 FCFA. Send 00 for the menu.' },
    ]);
    expect(await world.product.services.people.find('237677300001' as Msisdn)).toEqual({
      msisdn: '237677300001',
      name: 'Awa Fon',
      language: 'en',
    });
    // Every message went to the person's WhatsApp id, through our number's endpoint, accepted once each.
    expect(world.simulator.messagesTo('237677300001')).toHaveLength(9);
  });

  it('answers a photo politely in the person’s language and asks again for what the step needs', async () => {
    const person = world.person('237677300002');
    await person.types('hi');
    await person.taps('2', 'English');
    const answer = (
      await person.sends({ type: 'image', image: { id: '1479537139650973', mime_type: 'image/jpeg', sha256: 'x' } })
    ).map(shown);
    expect(answer).toEqual([
      {
        kind: 'text',
        body: 'Sorry, we can only read text messages and the buttons we send. Please type your answer.',
      },
    ]);
    // Nothing moved on: the name is still what the step waits for.
    expect((await person.types('Ebai Tabi')).map(shown)[0]?.body).toContain('Choose a secret PIN');
  });

  it('answers a first message it cannot read in French, the language of people not signed up yet', async () => {
    const person = world.person('237677300003');
    const answer = (await person.sends({ type: 'audio', audio: { id: '1', mime_type: 'audio/ogg' } })).map(shown);
    expect(answer[0]).toEqual({
      kind: 'text',
      body: 'Désolé, nous ne lisons que les messages texte et les boutons que nous envoyons. Tapez votre réponse, s’il vous plaît.',
    });
    // Then the conversation opens as any first message opens it.
    expect(answer[1]).toMatchObject({ kind: 'button', options: ['Français', 'English'] });
  });

  it('takes a shared contact as the number it holds', async () => {
    const sender = world.person('237677300004');
    for (const step of ['hi', '2', 'Joel Mbida', '2468', '2468', '1']) await sender.types(step);
    await sender.picks('3', 'Send money');
    const contact = {
      type: 'contacts',
      contacts: [
        { name: { formatted_name: 'Brice' }, phones: [{ phone: '+237 6 77 30 00 05', wa_id: '237677300005' }] },
      ],
    };
    const asked = (await sender.sends(contact)).map(shown);
    // The number was read: the flow moves on to the amount, as after a typed number.
    expect(asked).toEqual([{ kind: 'text', body: 'How much do you want to send to +237 6 77 30 00 05?' }]);
  });

  it('wrote no secret, no message text and no raw message id to the logs meanwhile', () => {
    const text = world.logs.text();
    expect(text).toContain('whatsapp cloud answered');
    for (const secret of [ACCESS_TOKEN, APP_SECRET, VERIFY_TOKEN]) expect(text).not.toContain(secret);
    // wamids encode phone numbers at Meta: only their hash is logged. Names typed are never logged either.
    expect(text).not.toContain('wamid.');
    expect(text).not.toContain('Awa Fon');
    expect(text).not.toContain('237677300001');
  });
});
