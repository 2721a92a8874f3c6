/**
 * The WhatsApp channel on the real runtime and database, with a fake WhatsApp Web client (the real one is
 * unreachable here): people sign up and send money by WhatsApp, hidden numbers are resolved, what is not a
 * private message from someone else is ignored, duplicates run once, drops reconnect with backoff, and the login
 * QR code reaches the terminal.
 */
import { ChannelTurns } from '../../../../bots/channels/http/turns';
import { MongoPinAdvice, PIN_ADVICE_COLLECTION } from '../../../../integrations/mongo/pinAdviceStore';
import {
  WhatsAppChannel,
  WhatsAppUnavailableError,
  type WhatsAppChannelOptions,
} from '../../../../bots/channels/whatsapp/whatsappChannel';
import type { Msisdn } from '../../../../domain/phone';
import { useProduct } from '../../../support/chat';
import { expectConsistent } from '../../../support/ledger';
import { balanceOf, fund } from '../../e2e.support';
import { capturedLogs } from '../http/support';
import { FakeWhatsApp, ManualTimer } from './fakeWhatsApp';
import { mentionsSecret } from '../../../support/secrets';
import { withoutIds } from '../../../support/withoutIds';

const product = useProduct();

const REFUSAL =
  'Désolé, ce service est réservé aux numéros mobiles du Cameroun.\n\n' +
  'Sorry, this service is only for Cameroonian mobile numbers.';

/** A channel on the product's runtime over a fake WhatsApp, with its terminal, logs and timer kept. */
function whatsAppChannel(overrides: Partial<WhatsAppChannelOptions> = {}) {
  const whatsapp = new FakeWhatsApp();
  const timer = new ManualTimer();
  const terminal: string[] = [];
  const logs = capturedLogs();
  const channel = new WhatsAppChannel({
    createClient: whatsapp.createClient,
    turns: new ChannelTurns(product.conversations),
    pinAdvice: new MongoPinAdvice(product.db.connection),
    logger: logs.logger,
    output: { write: (text: string) => terminal.push(text) },
    timer,
    random: () => 0.5,
    ...overrides,
  });
  /** A person writing from a chat id: sends a text, waits for the answer, returns what the bot sent back. */
  const chat = (chatId: string) => ({
    async says(text: string, fields: Parameters<FakeWhatsApp['message']>[2] = {}): Promise<string[]> {
      const before = whatsapp.textsTo(chatId).length;
      whatsapp.latest.receive(whatsapp.message(chatId, text, fields));
      await channel.idle();
      return whatsapp.textsTo(chatId).slice(before);
    },
  });
  return { whatsapp, timer, terminal, logs, channel, chat };
}

/** Lets the channel's pending promises (a reconnection's client creation and start) run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** A channel already logged in (a session was saved earlier). */
async function connected(overrides: Partial<WhatsAppChannelOptions> = {}) {
  const setup = whatsAppChannel(overrides);
  setup.whatsapp.sessionSaved = true;
  await setup.channel.start();
  expect(setup.channel.state).toBe('ready');
  return setup;
}

describe('a conversation over WhatsApp', () => {
  it('signs a person up and sends money, each turn answered as one numbered text to their chat', async () => {
    const { channel, chat, logs } = await connected();
    const kofi = await product.signedUp('237677500002', 'Kofi Boateng');
    const ama = chat('237677500001@c.us');

    const welcome = await ama.says('hi');
    expect(welcome).toHaveLength(1);
    expect(welcome[0]).toContain('Bienvenue ! Welcome!');
    expect(welcome[0]).toMatch(/\n1\. .+\n2\. /);
    expect(await ama.says('2')).toEqual(['What is your name? (as on your ID card)']);
    await ama.says('Ama Mensah');
    expect(await ama.says('2468')).toHaveLength(1);
    await ama.says('2468');
    const opened = await ama.says('1');
    // Two replies in one turn (the welcome, then the menu) go as one message.
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatch(/^Welcome Ama Mensah! Your wallet is open\..*\n\nHello Ama Mensah\./s);
    expect(await product.services.people.find('237677500001' as Msisdn)).toMatchObject({ name: 'Ama Mensah' });

    await fund(product, '237677500001' as Msisdn, 20_000);
    await ama.says('3');
    await ama.says('677500002');
    expect((await ama.says('5000'))[0]).toContain('Send 5 000 FCFA to Kofi Boateng');
    expect(await ama.says('1')).toEqual(['Enter your PIN to confirm.']);
    const receipt = await ama.says('2468');
    expect(receipt[0]).toMatch(/^Sent 5 000 FCFA to Kofi Boateng/);

    expect(await balanceOf(product, kofi.msisdn)).toMatchObject({ available: 5000 });
    expect(await balanceOf(product, '237677500001' as Msisdn)).toMatchObject({ held: 0 });
    // Logs name the sender only masked.
    expect(logs.text()).not.toContain('237677500001');
    expect(logs.lines().some((l) => l.msg === 'whatsapp answered')).toBe(true);
    await channel.stop();
    await expectConsistent(product.services.ledger.store);
  });

  it("answers a person's quick messages in the order they were sent", async () => {
    const { channel, whatsapp } = await connected();
    const from = '237677500011@c.us';
    for (const text of ['hi', '2', 'Quick Typist']) whatsapp.latest.receive(whatsapp.message(from, text));
    await channel.idle();
    const texts = whatsapp.textsTo(from);
    expect(texts).toHaveLength(3);
    expect(texts[0]).toContain('Welcome!');
    expect(texts[1]).toBe('What is your name? (as on your ID card)');
    expect(texts[2]).toContain('PIN');
    await channel.stop();
  });

  it('finds the wallet of a sender with a hidden (@lid) id through their contact, and replies to that id', async () => {
    const { channel, whatsapp, chat } = await connected();
    await product.signedUp('237677500021', 'Esi Lid');
    whatsapp.lidNumbers.set('84629175301234@lid', '237677500021');

    await fund(product, '237677500021' as Msisdn, 2500);

    expect(await chat('84629175301234@lid').says('1')).toEqual(['Enter your PIN to see your balance and history.']);
    const replies = await chat('84629175301234@lid').says('2468');
    // The first PIN this number sends on WhatsApp also brings the advice to delete it on the phone.
    expect(replies).toEqual([
      'Available: 2 500 FCFA. On hold: 0 FCFA. Incoming: 0 FCFA. Send 00 for the menu.\n\n' +
        'For your safety, we delete the messages holding your PIN on our side of this chat. WhatsApp does not let us ' +
        'delete them from your phone: please delete them yourself (press and hold the message, then Delete). ' +
        'We will not remind you again.',
    ]);
    expect(whatsapp.textsTo('237677500021@c.us')).toEqual([]);
    await channel.stop();
  });

  it('tells a hidden (@lid) sender whose number WhatsApp does not give that it cannot open a wallet', async () => {
    const { channel, whatsapp, chat } = await connected();
    whatsapp.lidNumbers.set('99000011112222@lid', '');
    expect(await chat('99000011112222@lid').says('hi')).toEqual([
      'Désolé, WhatsApp ne nous a pas transmis votre numéro, nous ne pouvons donc pas ouvrir votre portefeuille ' +
        'ici. Utilisez les SMS ou l’USSD.\n\nSorry, WhatsApp did not share your phone number with us, so we ' +
        'cannot open your wallet here. Please use SMS or USSD.',
    ]);
    await channel.stop();
  });

  it('refuses a number from outside Cameroon, or a landline, politely in both languages and stores nothing', async () => {
    const { channel, chat } = await connected();
    expect(await chat('33612345678@c.us').says('hello')).toEqual([REFUSAL]);
    expect(await chat('237222123456@c.us').says('hello')).toEqual([REFUSAL]);
    const recorded = await product.db.connection
      .collection<{ _id: string }>('inbound_messages')
      .countDocuments({ _id: { $regex: '^whatsapp:false_(33612345678|237222123456)@' } });
    expect(recorded).toBe(0);
    await channel.stop();
  });

  it('ignores group, status, broadcast-list and own messages, and WhatsApp notifications', async () => {
    const { channel, whatsapp, chat } = await connected();
    const person = '237677500031@c.us';
    const ignored = [
      whatsapp.message('120363025246125486@g.us', 'hi', { author: person }),
      whatsapp.message('status@broadcast', 'my status', { isStatus: true }),
      whatsapp.message(person, 'hi', { broadcast: true }),
      whatsapp.message(person, 'a note to self', { fromMe: true }),
      whatsapp.message(person, '', { type: 'e2e_notification' }),
      whatsapp.message('120363111111111111@newsletter', 'news'),
    ];
    for (const message of ignored) whatsapp.latest.receive(message);
    await channel.idle();
    expect(whatsapp.sent).toEqual([]);
    // Nothing ran: the person's first real message is still a first message.
    expect((await chat(person).says('hi'))[0]).toContain('Welcome!');
    await channel.stop();
  });

  it('answers a picture or a voice note with how to reply, and takes a shared contact as the number', async () => {
    const { channel, chat } = await connected();
    await product.signedUp('237677500041', 'Yaw Contact');
    await product.signedUp('237677500042', 'Abena Shared');
    await fund(product, '237677500041' as Msisdn, 5000);
    const yaw = chat('237677500041@c.us');
    await yaw.says('hi');
    expect(await yaw.says('', { type: 'image' })).toEqual([
      'Please answer with text. Send 00 for the menu or help for help.',
    ]);
    await yaw.says('3');
    const vcard =
      'BEGIN:VCARD\nVERSION:3.0\nFN:Abena\nTEL;type=CELL;type=VOICE;waid=237677500042:+237 6 77 50 00 42\nEND:VCARD';
    expect(await yaw.says(vcard, { type: 'vcard' })).toEqual(['How much do you want to send to +237 6 77 50 00 42?']);
    await channel.stop();
  });
});

describe('messages delivered more than once', () => {
  it('runs a message id once however often it arrives, even at once: one debit, one receipt', async () => {
    const { channel, whatsapp, chat } = await connected();
    const payer = await product.signedUp('237677500051', 'Twice Payer');
    const payee = await product.signedUp('237677500052', 'Once Payee');
    await fund(product, payer.msisdn, 10_000);
    const from = '237677500051@c.us';
    const person = chat(from);
    await person.says('hi');
    await person.says('3');
    await person.says('677500052');
    await person.says('1000');
    await person.says('1');

    const pin = whatsapp.message(from, '2468', { id: 'false_237677500051@c.us_3EB0PINMESSAGE' });
    const before = whatsapp.textsTo(from).length;
    for (let i = 0; i < 5; i += 1) whatsapp.latest.receive(pin);
    await channel.idle();
    whatsapp.latest.receive(pin);
    await channel.idle();

    const answers = whatsapp.textsTo(from).slice(before);
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatch(/^Sent 1 000 FCFA to Once Payee/);
    expect(await balanceOf(product, payee.msisdn)).toMatchObject({ available: 1000 });
    const fee = Number(/Fee: ([\d ]+) FCFA/.exec(answers[0]!)![1]!.replace(/ /g, ''));
    expect(await balanceOf(product, payer.msisdn)).toMatchObject({ available: 10_000 - 1000 - fee, held: 0 });
    await channel.stop();
    await expectConsistent(product.services.ledger.store);
  });
});

describe('the same message in two processes at once', () => {
  it('is answered by one of them and moves the money once (a rolling restart where both are briefly up)', async () => {
    const first = await connected();
    const second = await connected({ turns: new ChannelTurns(await product.anotherProcess()) });
    const payer = await product.signedUp('237677500091', 'Rolling Payer');
    const payee = await product.signedUp('237677500092', 'Rolling Payee');
    await fund(product, payer.msisdn, 10_000);
    const from = '237677500091@c.us';
    const person = first.chat(from);
    for (const text of ['hi', '3', '677500092', '2000', '1']) await person.says(text);

    const id = 'false_237677500091@c.us_3EB0ROLLINGRESTART';
    first.whatsapp.latest.receive(first.whatsapp.message(from, '2468', { id }));
    second.whatsapp.latest.receive(second.whatsapp.message(from, '2468', { id }));
    await Promise.all([first.channel.idle(), second.channel.idle()]);

    const receipts = [...first.whatsapp.sent, ...second.whatsapp.sent].filter((m) => m.text.startsWith('Sent '));
    expect(receipts).toHaveLength(1);
    expect(await balanceOf(product, payee.msisdn)).toMatchObject({ available: 2000 });
    await Promise.all([first.channel.stop(), second.channel.stop()]);
    await expectConsistent(product.services.ledger.store);
  });
});

describe('a message holding a PIN', () => {
  const ADVICE_FR = 'WhatsApp ne nous permet pas de les supprimer de votre téléphone';
  const ADVICE_EN = 'WhatsApp does not let us delete them from your phone';

  it('is deleted from our side of the chat, and the person is told once, in their language, to delete it', async () => {
    const { channel, whatsapp, chat, logs } = await connected();
    const from = '237677500101@c.us';
    const awa = chat(from);
    await awa.says('salut');
    await awa.says('1');
    expect((await awa.says('Awa Njoya'))[0]).toContain('PIN');
    const chosen = await awa.says('2468');
    // One message: the next step, then the advice, in French.
    expect(chosen).toHaveLength(1);
    expect(chosen[0]).toMatch(/^Entrez à nouveau le même PIN/);
    expect(chosen[0]).toContain(ADVICE_FR);
    const confirmed = await awa.says('2468');
    expect(confirmed.join('\n')).not.toContain(ADVICE_FR);
    await awa.says('1');

    await fund(product, '237677500101' as Msisdn, 5000);
    await product.signedUp('237677500102', 'Awa Payee');
    for (const text of ['3', '677500102', '1000', '1']) await awa.says(text);
    const receipt = await awa.says('2468');
    expect(receipt[0]).toMatch(/^1 000 FCFA envoyés à Awa Payee/);
    expect(receipt.join('\n')).not.toContain(ADVICE_FR);

    // The three PIN messages were deleted "for me" (someone else's message can go no further), nothing else.
    expect(whatsapp.deleted.map((d) => [d.body, d.forEveryone])).toEqual([
      ['2468', false],
      ['2468', false],
      ['2468', false],
    ]);
    expect(await product.db.connection.collection(PIN_ADVICE_COLLECTION).countDocuments({})).toBeGreaterThan(0);
    expect(mentionsSecret(logs.text(), '2468')).toBe(false);
    await channel.stop();
  });

  it('gets the advice once even when two processes read two PINs of the person at the same moment', async () => {
    const first = await connected();
    const second = await connected({
      turns: new ChannelTurns(await product.anotherProcess()),
      pinAdvice: new MongoPinAdvice(product.db.connection),
    });
    const payer = await product.signedUp('237677500111', 'Twice Wrong');
    await product.signedUp('237677500112', 'Twice Payee');
    await fund(product, payer.msisdn, 5000);
    const from = '237677500111@c.us';
    for (const text of ['3', '677500112', '1000', '1']) await first.chat(from).says(text);

    // Two wrong PINs at once, one through each process: both are PIN steps, both are deleted, one advice.
    first.whatsapp.latest.receive(first.whatsapp.message(from, '1357', { id: `false_${from}_3EB0WRONGPIN1` }));
    second.whatsapp.latest.receive(second.whatsapp.message(from, '9753', { id: `false_${from}_3EB0WRONGPIN2` }));
    await Promise.all([first.channel.idle(), second.channel.idle()]);

    const answers = [...first.whatsapp.textsTo(from), ...second.whatsapp.textsTo(from)];
    expect(answers.filter((text) => text.includes(ADVICE_EN))).toHaveLength(1);
    const deleted = [...first.whatsapp.deleted, ...second.whatsapp.deleted].map((d) => d.body).sort();
    expect(deleted).toEqual(['1357', '9753']);
    await Promise.all([first.channel.stop(), second.channel.stop()]);
  });

  it('still gets its reply when the deletion fails, and the failure is logged without the PIN', async () => {
    const { channel, whatsapp, chat, logs } = await connected();
    await product.signedUp('237677500121', 'Failing Delete');
    const from = '237677500121@c.us';
    await product.signedUp('237677500122', 'Failing Payee');
    await fund(product, '237677500121' as Msisdn, 5000);
    for (const text of ['hi', '3', '677500122', '1000', '1']) await chat(from).says(text);
    whatsapp.failingDeletes = 1;
    const answer = await chat(from).says('8080');
    expect(answer.join('\n')).toContain('PIN');
    expect(whatsapp.deleted).toEqual([]);
    expect(logs.lines().some((l) => l.msg === 'whatsapp pin message not deleted')).toBe(true);
    expect(withoutIds(logs.text())).not.toContain('8080');
    await channel.stop();
  });
});

describe('the connection to WhatsApp Web', () => {
  it('shows the login QR code in the terminal, then keeps the session so the next start needs none', async () => {
    const { channel, whatsapp, terminal, timer } = whatsAppChannel();
    await channel.start();
    expect(channel.state).toBe('waiting_for_login');
    expect(terminal.join('')).toContain('Linked devices > Link a device');
    expect(terminal.join('')).toContain('2@fakeQrRef,fakeNoiseKey=,fakeIdentityKey=,fakeSecret=');
    whatsapp.scan();
    expect(channel.state).toBe('ready');
    await channel.stop();
    expect(whatsapp.latest.destroyed).toBe(true);

    const again = new WhatsAppChannel({
      createClient: whatsapp.createClient,
      turns: new ChannelTurns(product.conversations),
      pinAdvice: new MongoPinAdvice(product.db.connection),
      logger: capturedLogs().logger,
      output: { write: (text: string) => terminal.push(text) },
      timer,
    });
    const shown = terminal.length;
    await again.start();
    expect(again.state).toBe('ready');
    expect(terminal.length).toBe(shown);
    await again.stop();
  });

  it('draws the QR code with the renderer it is given, and shows a pairing code', async () => {
    const { channel, whatsapp, terminal } = whatsAppChannel({ renderQr: (qr) => `[QR of ${qr.length} chars]` });
    await channel.start();
    expect(terminal.join('')).toContain('scan this QR code:\n[QR of 54 chars]');
    whatsapp.latest.emit('code', 'W2WZ3TS8');
    expect(terminal.join('')).toContain('WhatsApp pairing code: W2WZ3TS8.');
    await channel.stop();
  });

  it('reconnects after a drop with a new client after the backoff delay, and answers on it', async () => {
    const { channel, whatsapp, timer, chat, logs } = await connected();
    const first = whatsapp.latest;
    first.emit('disconnected', 'CONFLICT');
    expect(channel.state).toBe('reconnecting');
    expect(first.destroyed).toBe(true);
    expect(timer.delays).toEqual([1500]); // half of 2 s for sure, plus half of the other half (random 0.5)
    expect(whatsapp.clients).toHaveLength(1);

    // A late message from the dropped client is not handled.
    first.receive(whatsapp.message('237677500061@c.us', 'hi'));
    await channel.idle();
    expect(whatsapp.sent).toEqual([]);

    timer.fire();
    await settle();
    expect(whatsapp.clients).toHaveLength(2);
    expect(channel.state).toBe('ready');
    expect((await chat('237677500061@c.us').says('hi'))[0]).toContain('Welcome!');
    expect(logs.lines().find((l) => l.msg === 'whatsapp disconnected')).toMatchObject({
      reason: 'CONFLICT',
      attempt: 1,
      delayMs: 1500,
    });
    await channel.stop();
  });

  it('waits longer after each failed attempt, up to a ceiling, with jitter; and starts over once ready', async () => {
    const high = await connected({ random: () => 0.999, reconnect: { initialMs: 1000, maxMs: 8000 } });
    high.whatsapp.failingStarts = 5;
    high.whatsapp.latest.emit('disconnected', 'TIMEOUT');
    for (let i = 0; i < 5; i += 1) {
      high.timer.fire();
      await settle();
    }
    expect(high.timer.delays).toEqual([1000, 1999, 3998, 7996, 7996, 7996]);
    high.timer.fire();
    await settle();
    expect(high.channel.state).toBe('ready');
    high.whatsapp.latest.emit('disconnected', 'TIMEOUT');
    expect(high.timer.delays.at(-1)).toBe(1000);
    await high.channel.stop();
    expect(high.timer.waiting).toBe(0);

    const low = await connected({ random: () => 0, reconnect: { initialMs: 1000, maxMs: 8000 } });
    low.whatsapp.failingStarts = 4;
    low.whatsapp.latest.emit('disconnected', 'TIMEOUT');
    for (let i = 0; i < 4; i += 1) {
      low.timer.fire();
      await settle();
    }
    expect(low.timer.delays).toEqual([500, 1000, 2000, 4000, 4000]);
    await low.channel.stop();
  });

  it('gives up after the allowed attempts in a row, and can be started again', async () => {
    const { channel, whatsapp, timer, logs } = await connected({ reconnect: { maxAttempts: 2 } });
    whatsapp.failingStarts = 2;
    whatsapp.latest.emit('disconnected', 'UNPAIRED');
    timer.fire();
    await settle();
    timer.fire();
    await settle();
    expect(channel.state).toBe('failed');
    expect(timer.waiting).toBe(0);
    expect(whatsapp.clients).toHaveLength(3);
    expect(logs.lines().some((l) => l.msg === 'whatsapp gave up reconnecting')).toBe(true);
    await channel.start();
    expect(channel.state).toBe('ready');
    await channel.stop();
  });

  it('retries a start that fails (the browser would not launch)', async () => {
    const { channel, whatsapp, timer } = whatsAppChannel();
    whatsapp.sessionSaved = true;
    whatsapp.failingStarts = 1;
    await channel.start();
    expect(channel.state).toBe('reconnecting');
    expect(timer.delays).toEqual([1500]);
    timer.fire();
    await settle();
    expect(channel.state).toBe('ready');
    await channel.stop();
  });

  it('stops reconnecting when stopped during the wait', async () => {
    const { channel, whatsapp, timer } = await connected();
    whatsapp.latest.emit('disconnected', 'CONFLICT');
    await channel.stop();
    expect(timer.waiting).toBe(0);
    expect(channel.state).toBe('stopped');
    expect(whatsapp.clients).toHaveLength(1);
  });
});

describe('notices for the outbox', () => {
  it('sends a notice to a number on WhatsApp, says when a number has none, and refuses while disconnected', async () => {
    const { channel, whatsapp } = await connected();
    whatsapp.onWhatsApp.add('237677500071');
    expect(await channel.sendNotice('237677500071' as Msisdn, 'You received 1 000 FCFA.')).toEqual({ ok: true });
    expect(whatsapp.textsTo('237677500071@c.us')).toEqual(['You received 1 000 FCFA.']);
    expect(await channel.sendNotice('237677500072' as Msisdn, 'Hello')).toEqual({
      ok: false,
      reason: 'NOT_ON_WHATSAPP',
    });

    whatsapp.latest.emit('disconnected', 'TIMEOUT');
    await expect(channel.sendNotice('237677500071' as Msisdn, 'Hello')).rejects.toBeInstanceOf(
      WhatsAppUnavailableError,
    );
    await channel.stop();
  });

  it('cuts a notice longer than a WhatsApp message into several', async () => {
    const { channel, whatsapp } = await connected({ maxTextLength: 100 });
    whatsapp.onWhatsApp.add('237677500081');
    const long = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
    await channel.sendNotice('237677500081' as Msisdn, long);
    const pieces = whatsapp.textsTo('237677500081@c.us');
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.every((p) => p.length <= 100)).toBe(true);
    expect(pieces.join(' ')).toBe(long);
    await channel.stop();
  });
});
