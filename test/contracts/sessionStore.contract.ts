/**
 * What every SessionStore (and the outbox's ChannelDirectory it doubles as) must do, whatever keeps the sessions:
 * run by one test file per implementation.
 */
import type { ChannelDirectory } from '../../bots/runtime/outbox/ports';
import type { Session, SessionStore } from '../../bots/runtime/ports';
import type { Msisdn } from '../../domain/phone';

export type SessionStoreUnderTest = SessionStore & ChannelDirectory;

let person = 0;
const nextPerson = () => `23767720${String((person += 1)).padStart(4, '0')}` as Msisdn;

function fullSession(msisdn: Msisdn): Session {
  return {
    msisdn,
    flow: 'sendMoney',
    version: 3,
    snapshot: JSON.stringify({ value: 'askAmount', context: { recipient: '237677999999' } }),
    language: 'en',
    profile: { msisdn, name: 'Ada Fotso', language: 'en' },
    answers: [{ key: 'sms:SM1', language: 'en', replies: [{ kind: 'text', key: 'sendMoney.askAmount' }] }],
    lastChannel: 'whatsapp',
    messages: { window: 29_500_000, count: 4 },
    pinUnlocked: true,
    updatedAt: new Date('2026-11-29T10:00:00.123Z'),
  };
}

export function sessionStoreContract(makeStore: () => SessionStoreUnderTest): void {
  describe('a session store', () => {
    it('knows no session for someone who never wrote, nor their channel', async () => {
      const store = makeStore();
      const msisdn = nextPerson();
      expect(await store.load(msisdn)).toBeNull();
      expect(await store.channelFor(msisdn)).toBeNull();
    });

    it('gives back a saved session as it was saved, every field of it', async () => {
      const store = makeStore();
      const session = fullSession(nextPerson());
      await store.save(session);
      expect(await store.load(session.msisdn)).toEqual(session);
      expect(await store.channelFor(session.msisdn)).toBe('whatsapp');
    });

    it('replaces the whole session on save: what the new one lacks is gone', async () => {
      const store = makeStore();
      const first = fullSession(nextPerson());
      await store.save(first);
      const second: Session = {
        msisdn: first.msisdn,
        flow: 'mainMenu',
        version: 1,
        snapshot: '{}',
        language: 'fr',
        updatedAt: new Date('2026-11-29T10:05:00Z'),
      };
      await store.save(second);
      expect(await store.load(first.msisdn)).toEqual(second);
      expect(await store.channelFor(first.msisdn)).toBeNull();
    });

    it('keeps what was saved, whatever the caller does with its objects afterwards', async () => {
      const store = makeStore();
      const session = fullSession(nextPerson());
      await store.save(session);
      session.answers!.push({ key: 'sms:SM2', language: 'fr', replies: [] });
      session.language = 'fr';
      const loaded = (await store.load(session.msisdn))!;
      loaded.profile!.name = 'Changed';
      expect(await store.load(session.msisdn)).toEqual(fullSession(session.msisdn));
    });

    it('keeps each person apart, also when many sessions, new and existing, are saved at once', async () => {
      const store = makeStore();
      const people = Array.from({ length: 60 }, nextPerson);
      await Promise.all(people.slice(0, 30).map((msisdn) => store.save({ ...fullSession(msisdn), version: 0 })));
      await Promise.all(people.map((msisdn, n) => store.save({ ...fullSession(msisdn), version: n + 1 })));
      const loaded = await Promise.all(people.map((msisdn) => store.load(msisdn)));
      expect(loaded.map((session) => session?.version)).toEqual(people.map((_, n) => n + 1));
      expect(loaded.map((session) => session?.msisdn)).toEqual(people);
    });
  });
}
