/**
 * The per-person message limit (MESSAGES_PER_MINUTE) on the real database, across two runtimes that share it as
 * two server processes do (each with its own services and caches): the limit holds for the person whatever
 * process and channel their messages reach, a message the gateway delivers again counts once, and the slow-down
 * answer is in the person's language.
 */
import { randomUUID } from 'node:crypto';
import type { Conversations } from '../../../bots/runtime/conversations';
import type { Channel, Inbound } from '../../../bots/runtime/inbound';
import type { Msisdn } from '../../../domain/phone';
import { render, useProduct, type Person } from '../../support/chat';
import { frozenClock, fund } from '../e2e.support';

const LIMIT = 8;
const time = frozenClock(new Date('2026-12-01T09:00:00Z'));
const product = useProduct({ clock: time.clock, settings: { MESSAGES_PER_MINUTE: LIMIT } });

const SLOW_DOWN_EN = 'Too many messages in a short time. Please wait a minute and try again.';
const SLOW_DOWN_FR = 'Trop de messages en peu de temps. Patientez une minute puis réessayez.';
const BALANCE_EN = 'Available: 0 FCFA. On hold: 0 FCFA. Incoming: 0 FCFA. Send 00 for the menu.';

/** A message as a channel hands it to the runtime, with that channel's kind of message id. */
function message(msisdn: Msisdn, channel: Channel, messageId: string, text: string): Inbound {
  return { channel, msisdn, messageId, at: time.now, type: 'text', text };
}

async function said(conversations: Conversations, inbound: Inbound): Promise<string[]> {
  const result = await conversations.handle(inbound);
  return result.replies.map((r) => render(r, result.language));
}

/** Signing up takes six messages: the limit starts afresh in the next minute. */
function nextMinute(): void {
  time.advance(60_000);
}

/** Types the PIN for the balance once (it lasts the session), so each later `1` answers the balance at once. */
async function unlock(person: Person): Promise<void> {
  expect(await person.says('1')).toEqual(['Enter your PIN to see your balance and history.']);
  expect(await person.says('2468')).toEqual([BALANCE_EN]);
}

describe('the per-person message limit across two server processes', () => {
  it('is shared: the person gets LIMIT answers in a minute whichever process serves them, then a slow-down in English', async () => {
    const ama = await product.signedUp('237677500001', 'Ama');
    const other = await product.anotherProcess();
    await unlock(ama);
    nextMinute();
    const processes = [product.conversations, other];
    for (let i = 0; i < LIMIT; i += 1) {
      expect(await said(processes[i % 2]!, message(ama.msisdn, 'sms', `SM${randomUUID()}`, '1'))).toEqual([BALANCE_EN]);
    }
    expect(await said(other, message(ama.msisdn, 'sms', `SM${randomUUID()}`, '1'))).toEqual([SLOW_DOWN_EN]);
    expect(await said(product.conversations, message(ama.msisdn, 'telegram', '42:1001', '1'))).toEqual([SLOW_DOWN_EN]);
    // The next minute starts afresh.
    nextMinute();
    expect(await said(other, message(ama.msisdn, 'sms', `SM${randomUUID()}`, '1'))).toEqual([BALANCE_EN]);
  });

  it('counts a message delivered again (same MessageSid, update_id, USSD session and step) once, on either process', async () => {
    const kofi = await product.signedUp('237677500002', 'Kofi');
    const other = await product.anotherProcess();
    await unlock(kofi);
    nextMinute();
    const ids: [Channel, string][] = [];
    for (let i = 0; i < LIMIT; i += 1) {
      const channel: Channel = (['sms', 'telegram', 'ussd'] as const)[i % 3]!;
      const id = channel === 'sms' ? `SM${randomUUID()}` : channel === 'telegram' ? `77:${5000 + i}` : `ATUid_${i}:1`;
      ids.push([channel, id]);
    }
    for (const [channel, id] of ids) {
      const first = await said(product.conversations, message(kofi.msisdn, channel, id, '1'));
      expect(first).toEqual([BALANCE_EN]);
      // The gateway did not get our answer in time and delivers the same message again, to the other process.
      expect(await said(other, message(kofi.msisdn, channel, id, '1'))).toEqual(first);
      expect(await said(product.conversations, message(kofi.msisdn, channel, id, '1'))).toEqual(first);
    }
    expect(await said(other, message(kofi.msisdn, 'sms', `SM${randomUUID()}`, '1'))).toEqual([SLOW_DOWN_EN]);
  });

  it('holds for a burst sent at once to both processes: exactly LIMIT messages run', async () => {
    const marie = await product.signedUp('237677500003', 'Marie');
    const other = await product.anotherProcess();
    await unlock(marie);
    nextMinute();
    const processes = [product.conversations, other];
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        said(processes[i % 2]!, message(marie.msisdn, 'whatsapp', `wamid.${randomUUID()}`, '1')),
      ),
    );
    expect(answers.filter((a) => a[0] === BALANCE_EN)).toHaveLength(LIMIT);
    expect(answers.filter((a) => a[0] === SLOW_DOWN_EN)).toHaveLength(20 - LIMIT);
  });

  it('tells a person who chose English to slow down in English, even on one process', async () => {
    const kwame = await product.signedUp('237677500005', 'Kwame');
    await unlock(kwame);
    nextMinute();
    for (let i = 0; i < LIMIT; i += 1) expect(await kwame.says('1')).toEqual([BALANCE_EN]);
    expect(await kwame.says('1')).toEqual([SLOW_DOWN_EN]);
  });

  it('treats what is typed at a PIN step while slowed down as a PIN: marked secret, so channels delete it', async () => {
    const efua = await product.signedUp('237677500006', 'Efua');
    await fund(product, efua.msisdn, 5000);
    nextMinute();
    await efua.says('3');
    await efua.says('677500099');
    await efua.says('1000');
    expect(await efua.says('1')).toEqual(['Enter your PIN to confirm.']);
    for (let i = 4; i < LIMIT; i += 1) await efua.says('help');
    const refused = await product.conversations.handle(message(efua.msisdn, 'telegram', '9:1', '2468'));
    expect(refused.replies.map((r) => r.key)).toEqual(['common.slowDown']);
    expect(refused.secretInput).toBe(true);
    // Known to this process now: answered without the database's session, and still secret.
    const again = await product.conversations.handle(message(efua.msisdn, 'telegram', '9:2', '2468'));
    expect(again).toMatchObject({ secretInput: true, replies: [{ key: 'common.slowDown' }] });
    // A command is not a PIN.
    expect((await product.conversations.handle(message(efua.msisdn, 'telegram', '9:3', 'menu'))).secretInput).toBe(
      false,
    );
  });

  it('answers a person who chose French (not signed up yet) in French', async () => {
    const paul = product.person('237677500004');
    await paul.says('bonjour');
    await paul.says('1'); // Français
    nextMinute();
    for (let i = 0; i < LIMIT; i += 1) await paul.says('Paul');
    expect(await paul.says('Paul')).toEqual([SLOW_DOWN_FR]);
  });
});
