/**
 * PINs through a WhatsApp Flow on the Cloud API channel, end to end over real HTTP: when a step asks for a PIN, the
 * channel sends a Flow form (an interactive `flow` message with a single-use token) instead of a text; the Graph API
 * simulator fills it in as WhatsApp does, encrypting the answer with the endpoint's public key (RSA-OAEP + AES-GCM)
 * and signing it, and posts it to the real data endpoint, which decrypts it, runs the turn on the real runtime and
 * database, answers the form encrypted, and sends the conversation's next messages to the chat.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { Msisdn } from '../../../../domain/phone';
import { eventually } from '../../../support/chat';
import { balanceOf, fund } from '../../e2e.support';
import { APP_SECRET, FLOW_TOKEN_TTL_MS, PIN_FLOW_ID, shown, useCloudWorld } from './cloudWorld';
import { mentionsSecret } from '../../../support/secrets';

const world = useCloudWorld({ pinFlow: true });

/** Signs a person up in English through the forms; returns them at the main menu. */
async function signedUp(number: string, name: string) {
  const person = world.person(number);
  await person.types('hi');
  await person.taps('2', 'English');
  await person.types(name);
  await person.entersPin('2468');
  await person.entersPin('2468');
  await person.taps('1', 'I accept');
  return person;
}

describe('a PIN through a WhatsApp Flow', () => {
  it('signs up, tops up and sends money with every PIN entered in a form, never in the chat', async () => {
    const person = world.person('237677310001');
    await person.types('Bonjour');
    await person.taps('2', 'English');
    // The PIN is asked with a form: the question is the form message's body, its button opens the form.
    const choose = (await person.types('Awa Fon')).map(shown);
    expect(choose).toEqual([
      { kind: 'flow', body: expect.stringContaining('Choose a secret PIN'), options: ['Enter my PIN'] },
    ]);
    const first = await person.entersPin('2468');
    expect(first.status).toBe(200);
    expect(first.screen).toBe('SUCCESS');
    // The conversation goes on in the chat as if the PIN had been typed, with no advice to delete it (it is not there).
    expect(first.messages.map(shown)).toEqual([
      { kind: 'flow', body: 'Enter the same PIN again to confirm it.', options: ['Enter my PIN'] },
    ]);
    const confirmed = await person.entersPin('2468');
    expect(confirmed.messages.map(shown)).toEqual([
      { kind: 'button', body: expect.stringContaining('terms'), options: ['I accept', 'I decline'] },
    ]);
    await person.taps('1', 'I accept');
    expect(await world.product.services.people.find('237677310001' as Msisdn)).toMatchObject({ name: 'Awa Fon' });

    // A top-up from one's own MTN MoMo number: no PIN asked here, the phone approves.
    await person.picks('2', 'Top up');
    await person.types('10000');
    await person.picks('1', 'MTN MoMo');
    await person.taps('1', 'My number');
    const started = (await person.taps('1', 'Confirm')).map(shown);
    expect(started[0]?.body).toMatch(/^Top-up of 10 000 FCFA started/);
    await eventually(async () => {
      expect(await balanceOf(world.product, '237677310001' as Msisdn)).toMatchObject({ available: 10_000 });
    });

    const kofi = await world.product.signedUp('237677310002', 'Kofi Mensah');
    await person.types('00');
    await person.picks('3', 'Send money');
    await person.types('677310002');
    const confirm = (await person.types('4000')).map(shown);
    expect(confirm[0]?.body).toContain('Send 4 000 FCFA to Kofi Mensah');
    expect((await person.taps('1', 'Confirm')).map(shown)).toEqual([
      { kind: 'flow', body: 'Enter your PIN to confirm.', options: ['Enter my PIN'] },
    ]);
    const sent = await person.entersPin('2468');
    expect(sent).toMatchObject({ status: 200, screen: 'SUCCESS' });
    expect(sent.messages.map(shown)[0]?.body).toMatch(/^Sent 4 000 FCFA to Kofi Mensah/);
    expect(await balanceOf(world.product, kofi.msisdn)).toMatchObject({ available: 4000 });
    expect(await balanceOf(world.product, '237677310001' as Msisdn)).toMatchObject({ available: 6000 });
    // No PIN ever reached the chat: every message from the person was a tap or a text that is not a PIN.
    const typed = world.simulator.inbound.filter((m) => m.from === '237677310001' && m.content.type === 'text');
    expect(typed.map((m) => (m.content as { text: { body: string } }).text.body)).not.toContain('2468');
  });

  it('still takes a PIN typed in the chat, and then advises once to delete it', async () => {
    const person = world.person('237677310011');
    await person.types('hi');
    await person.taps('2', 'English');
    await person.types('Ebai Tabi');
    const answer = (await person.types('2468')).map(shown);
    expect(answer[0]).toEqual({
      kind: 'flow',
      body: 'Enter the same PIN again to confirm it.',
      options: ['Enter my PIN'],
    });
    expect(answer[1]?.body).toContain('please delete the message holding your PIN');
  });

  it('answers the health check', async () => {
    const ping = await world.simulator.callFlow(PIN_FLOW_ID, { action: 'ping' });
    expect(ping).toEqual({ status: 200, body: { version: '3.0', data: { status: 'active' } } });
  });

  it('shows the form again for a PIN that is not 4 or 5 digits, and keeps the token usable', async () => {
    const person = world.person('237677310021');
    await person.types('hi');
    await person.taps('2', 'English');
    await person.types('Joel Mbida');
    const wrong = await person.entersPin('12');
    expect(wrong).toMatchObject({ status: 200, screen: 'PIN', messages: [] });
    const right = await person.entersPin('2468');
    expect(right.screen).toBe('SUCCESS');
    expect(right.messages.map(shown)[0]?.body).toBe('Enter the same PIN again to confirm it.');
  });
});

describe('a Flow answer refused', () => {
  it('when replayed: the token is used once, the second answer runs nothing', async () => {
    const person = await signedUp('237677310031', 'Ama Owusu');
    await person.picks('1', 'Balance');
    const form = world.simulator.lastFlowTo(person.number)!;
    expect((await person.entersPin('2468')).screen).toBe('SUCCESS');
    const replay = await person.entersPin('2468', { token: form.token });
    expect(replay).toMatchObject({ status: 427, messages: [] });
    expect(replay.messages).toEqual([]);
  });

  it('when its token expired; the PIN typed in the chat still works', async () => {
    const person = await signedUp('237677310041', 'Brice Nana');
    await person.picks('1', 'Balance');
    world.advanceFlowClock(FLOW_TOKEN_TTL_MS + 1000);
    try {
      expect(await person.entersPin('2468')).toMatchObject({ status: 427, messages: [] });
    } finally {
      world.advanceFlowClock(-(FLOW_TOKEN_TTL_MS + 1000));
    }
    expect((await person.types('2468')).map(shown)[0]?.body).toMatch(/^Available: 0 FCFA/);
  });

  it('when badly encrypted or badly signed, and the form can still be sent properly afterwards', async () => {
    const person = await signedUp('237677310051', 'Carine Abega');
    await person.picks('1', 'Balance');
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    expect(await person.entersPin('2468', { tamper: 'wrongKey', otherPublicKey: other })).toMatchObject({
      status: 421,
      messages: [],
    });
    expect(await person.entersPin('2468', { tamper: 'changedByte' })).toMatchObject({ status: 421, messages: [] });
    expect(await person.entersPin('2468', { tamper: 'unsigned' })).toMatchObject({ status: 432, messages: [] });
    expect(await person.entersPin('2468', { tamper: 'wrongSignature' })).toMatchObject({ status: 432, messages: [] });
    const proper = await person.entersPin('2468');
    expect(proper.screen).toBe('SUCCESS');
    expect(proper.messages.map(shown)[0]?.body).toMatch(/^Available: 0 FCFA/);
  });

  it('for a step no longer pending, and never for another person', async () => {
    const ama = await signedUp('237677310061', 'Ama Kouam');
    const paul = await signedUp('237677310062', 'Paul Kouam');
    await ama.picks('1', 'Balance');
    const amaForm = world.simulator.lastFlowTo(ama.number)!;
    await paul.picks('1', 'Balance');
    // Ama types her PIN in the chat instead: the step her form was for has passed.
    expect((await ama.types('2468')).map(shown)[0]?.body).toMatch(/^Available/);
    const late = await world.simulator.submitFlow(ama.number, { pin: '2468' }, { token: amaForm.token });
    expect(late.status).toBe(427);
    // Her token stood for her step only: Paul, at the same kind of step, was not answered by it.
    expect(world.simulator.messagesTo(paul.number).at(-1)?.body.type).toBe('interactive');
    expect((await paul.entersPin('2468')).messages.map(shown)[0]?.body).toMatch(/^Available/);
  });

  it('when sent twice at once: one answer runs, the other is refused, money moves once', async () => {
    const person = await signedUp('237677310071', 'Eric Ngono');
    await fund(world.product, '237677310071' as Msisdn, 10_000);
    await world.product.signedUp('237677310072', 'Flore Ngono');
    await person.picks('3', 'Send money');
    await person.types('677310072');
    await person.types('1500');
    await person.taps('1', 'Confirm');
    const both = await Promise.all([
      world.simulator.submitFlow(person.number, { pin: '2468' }),
      world.simulator.submitFlow(person.number, { pin: '2468' }),
    ]);
    await world.channel.idle();
    expect(both.map((answer) => answer.status).sort()).toEqual([200, 427]);
    expect(await balanceOf(world.product, '237677310072' as Msisdn)).toMatchObject({ available: 1500 });
    expect(await balanceOf(world.product, '237677310071' as Msisdn)).toMatchObject({ available: 8500 });
  });

  it('a wrong PIN in the form: told in the chat, and asked again with a new form', async () => {
    const person = await signedUp('237677310081', 'Gael Atangana');
    await person.picks('1', 'Balance');
    const first = world.simulator.lastFlowTo(person.number)!;
    const wrong = await person.entersPin('1357');
    expect(wrong.screen).toBe('SUCCESS');
    const [told] = wrong.messages.map(shown);
    expect(told).toMatchObject({ kind: 'flow', body: expect.stringContaining('Wrong PIN') });
    expect(world.simulator.lastFlowTo(person.number)!.token).not.toBe(first.token);
    expect((await person.entersPin('2468')).messages.map(shown)[0]?.body).toMatch(/^Available/);
  });

  it('logged no PIN form token and no app secret', () => {
    const text = world.logs.text();
    expect(text).toContain('whatsapp flow request refused');
    for (const form of world.simulator.messages.map((m) => world.simulator.lastFlowTo(m.to))) {
      if (form) expect(text).not.toContain(form.token);
    }
    expect(text).not.toContain(APP_SECRET);
    // The PINs entered in forms (2468, and the wrong 1357) are never written either.
    expect(mentionsSecret(text, '2468')).toBe(false);
    expect(mentionsSecret(text, '1357')).toBe(false);
  });
});
