/**
 * The PIN in a session, end to end through the runtime on the real database: the balance and the history ask
 * the PIN once per session (one unlock serves both, in any process), an idle session asks it again, money steps
 * ask it every time, and no saved session or answer ever holds a PIN or a PIN's hash.
 */
import type { Msisdn } from '../../domain/phone';
import { useProduct } from '../support/chat';
import { fund, frozenClock } from './e2e.support';

const time = frozenClock();
const product = useProduct({ clock: time.clock });

const ASK_TO_VIEW = 'Enter your PIN to see your balance and history.';
const ASK_PIN = 'Enter your PIN to confirm.';
const BALANCE = /^Available: /;

describe('the PIN for the balance and the history', () => {
  it('is asked once per session: then the balance and the history show at once, until the session goes idle', async () => {
    const ama = await product.signedUp('237677500101', 'Ama');
    await fund(product, ama.msisdn, 5000);
    await ama.says('00');

    expect(await ama.says('1')).toEqual([ASK_TO_VIEW]);
    expect(await ama.says('1357')).toEqual(['Wrong PIN. 2 tries left.']);
    expect(await ama.says('2468')).toEqual([expect.stringMatching(BALANCE)]);
    expect(await ama.says('balance')).toEqual([expect.stringMatching(BALANCE)]);
    expect((await ama.says('history'))[0]).toMatch(/^Your operations:/);
    await ama.says('00');
    expect((await ama.says('7'))[0]).toMatch(/^Your operations:/);

    // Idle for longer than SESSION_IDLE_MS: the session starts again, locked.
    time.advance(300_001);
    expect(await ama.says('00')).toEqual([
      'Your session expired after a few minutes without activity. Nothing was done.',
      expect.stringMatching(/^Hello Ama/),
    ]);
    expect(await ama.says('1')).toEqual([ASK_TO_VIEW]);
    expect(await ama.says('2468')).toEqual([expect.stringMatching(BALANCE)]);
  });

  it('is asked by the history too, and the unlock holds in another process reading the same session', async () => {
    const kofi = await product.signedUp('237677500111', 'Kofi');
    const other = product.person(kofi.msisdn, await product.anotherProcess());
    expect(await kofi.says('history')).toEqual([ASK_TO_VIEW]);
    expect((await kofi.says('2468'))[0]).toMatch(/^No operations yet\./);
    expect(await other.says('balance')).toEqual([expect.stringMatching(BALANCE)]);
  });

  it('does not spare money steps: sending after the unlock still asks the PIN, every time', async () => {
    const esi = await product.signedUp('237677500121', 'Esi');
    await product.signedUp('237677500122', 'Yaw');
    await fund(product, esi.msisdn, 10_000);
    await esi.says('balance');
    await esi.says('2468');
    for (const amount of [1000, 2000]) {
      await esi.says(`send ${amount} to 677500122`);
      expect(await esi.says('1')).toEqual([ASK_PIN]);
      expect((await esi.says('2468'))[0]).toMatch(/^Sent /);
    }
  });

  it('is never kept in a saved session or answer, nor is any PIN hash, while choosing, confirming or changing it', async () => {
    const msisdn = '237677500131' as Msisdn;
    const sessions = product.db.connection.collection('conversation_session_revisions');
    const answers = product.db.connection.collection('inbound_answers');
    const saved = async () =>
      JSON.stringify([await sessions.find({ msisdn }).toArray(), await answers.find().toArray()]);
    const expectNoSecret = async (...pins: string[]) => {
      const text = await saved();
      for (const pin of pins) expect(text).not.toContain(pin);
      expect(text).not.toMatch(/scrypt/);
    };
    const person = product.person(msisdn);
    for (const typed of ['hi', '2', 'Abena Osei']) await person.says(typed);
    await person.says('5831');
    await expectNoSecret('5831');
    await person.says('5831');
    await expectNoSecret('5831');
    expect((await person.says('1'))[0]).toMatch(/^Welcome Abena Osei!/);
    await expectNoSecret('5831');

    await person.says('balance');
    await person.says('5831');
    await expectNoSecret('5831');
    for (const typed of ['00', '9', '2', '5831', '7394']) await person.says(typed);
    await expectNoSecret('5831', '7394');
    expect(await person.says('7394')).toEqual(['Your PIN has been changed. Never share it.']);
    await expectNoSecret('5831', '7394');
  });
});
