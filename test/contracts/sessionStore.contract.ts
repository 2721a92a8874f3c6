/**
 * What every SessionStore (and the outbox's ChannelDirectory it doubles as) must do, whatever keeps the sessions:
 * sessions saved whole, one turn at a time per person across processes, a turn that outlived its lease taken over
 * without its late end undoing anything. Run by one test file per implementation, with a clock the contract moves
 * for leases (waiting is in real time).
 */
import type { ChannelDirectory } from '../../bots/runtime/outbox/ports';
import type { Session, SessionStore } from '../../bots/runtime/ports';
import type { Msisdn } from '../../domain/phone';

export type SessionStoreUnderTest = SessionStore & ChannelDirectory;

export const CONTRACT_LEASE_MS = 10_000;

export interface ContractStoreOptions {
  leaseMs: number;
  clock: () => Date;
}

/** Saves a session as a turn does: begins the person's turn and ends it with the session. */
async function save(store: SessionStore, session: Session): Promise<void> {
  const turn = await store.begin(session.msisdn, 5_000);
  if (!turn) throw new Error('the turn did not begin');
  await turn.end(session);
}

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

export function sessionStoreContract(
  makeStore: (options: ContractStoreOptions) => SessionStoreUnderTest,
  /** Another process's store over the same data, with nothing cached (in memory: the same store). */
  anotherProcess: (store: SessionStoreUnderTest, options: ContractStoreOptions) => SessionStoreUnderTest,
): void {
  describe('a session store', () => {
    const time = { now: new Date('2026-11-29T10:00:00Z') };
    const options: ContractStoreOptions = { leaseMs: CONTRACT_LEASE_MS, clock: () => time.now };
    const advance = (ms: number) => (time.now = new Date(time.now.getTime() + ms));
    let store: SessionStoreUnderTest;
    // Made once the file's other setup (a database connection) has run.
    beforeEach(() => {
      store = makeStore(options);
    });

    it('knows no session for someone who never wrote, nor their channel', async () => {
      const msisdn = nextPerson();
      expect(await store.load(msisdn)).toBeNull();
      expect(await store.channelFor(msisdn)).toBeNull();
      const turn = await store.begin(msisdn, 0);
      expect(turn?.session).toBeNull();
      await turn!.end(null);
    });

    it('gives back a saved session as it was saved, every field of it, also to another process', async () => {
      const session = fullSession(nextPerson());
      await save(store, session);
      expect(await store.load(session.msisdn)).toEqual(session);
      expect(await store.channelFor(session.msisdn)).toBe('whatsapp');
      const other = anotherProcess(store, options);
      expect(await other.load(session.msisdn)).toEqual(session);
      const turn = await other.begin(session.msisdn, 0);
      expect(turn?.session).toEqual(session);
      await turn!.end(null);
    });

    it('replaces the whole session on save: what the new one lacks is gone', async () => {
      const first = fullSession(nextPerson());
      await save(store, first);
      const second: Session = {
        msisdn: first.msisdn,
        flow: 'mainMenu',
        version: 1,
        snapshot: '{}',
        language: 'fr',
        updatedAt: new Date('2026-11-29T10:05:00Z'),
      };
      await save(store, second);
      expect(await store.load(first.msisdn)).toEqual(second);
      expect(await store.channelFor(first.msisdn)).toBeNull();
    });

    it('keeps the session a turn began with when it ends without one, and none when there was none', async () => {
      const session = fullSession(nextPerson());
      await save(store, session);
      const unchanged = await store.begin(session.msisdn, 0);
      await unchanged!.end(null);
      expect(await store.load(session.msisdn)).toEqual(session);
      const newcomer = nextPerson();
      await (await store.begin(newcomer, 0))!.end(null);
      // And the next turn is not kept waiting by the one that saved nothing.
      const next = await store.begin(newcomer, 0);
      expect(next?.session).toBeNull();
      await next!.end(null);
      expect(await store.load(newcomer)).toBeNull();
    });

    it('keeps what was saved, whatever the caller does with its objects afterwards', async () => {
      const session = fullSession(nextPerson());
      await save(store, session);
      session.answers!.push({ key: 'sms:SM2', language: 'fr', replies: [] });
      session.language = 'fr';
      const loaded = (await store.load(session.msisdn))!;
      loaded.profile!.name = 'Changed';
      const turn = await store.begin(session.msisdn, 0);
      turn!.session!.messages!.count = 99;
      await turn!.end(null);
      expect(await store.load(session.msisdn)).toEqual(fullSession(session.msisdn));
    });

    it('keeps each person apart, also when many sessions, new and existing, are saved at once', async () => {
      const people = Array.from({ length: 60 }, nextPerson);
      await Promise.all(people.slice(0, 30).map((msisdn) => save(store, { ...fullSession(msisdn), version: 0 })));
      await Promise.all(people.map((msisdn, n) => save(store, { ...fullSession(msisdn), version: n + 1 })));
      const loaded = await Promise.all(people.map((msisdn) => store.load(msisdn)));
      expect(loaded.map((session) => session?.version)).toEqual(people.map((_, n) => n + 1));
      expect(loaded.map((session) => session?.msisdn)).toEqual(people);
    });

    it('lets one turn in at a time: one of twenty at once, the next once it ends, other people meanwhile', async () => {
      const msisdn = nextPerson();
      const turns = await Promise.all(Array.from({ length: 20 }, () => store.begin(msisdn, 0)));
      expect(turns.filter((turn) => turn !== null)).toHaveLength(1);
      expect(await anotherProcess(store, options).begin(msisdn, 50)).toBeNull();
      const other = await store.begin(nextPerson(), 0);
      expect(other).not.toBeNull();
      await other!.end(null);
      await turns.find((turn) => turn !== null)!.end(fullSession(msisdn));
      const next = await store.begin(msisdn, 0);
      expect(next?.session).toEqual(fullSession(msisdn));
      await next!.end(null);
    });

    it('lets a waiting turn in, in this process or another, once the running one ends, on what it saved', async () => {
      for (const waiter of [store, anotherProcess(store, options)]) {
        const msisdn = nextPerson();
        const running = await store.begin(msisdn, 0);
        const waiting = waiter.begin(msisdn, 5_000);
        await new Promise((resolve) => setTimeout(resolve, 100));
        await running!.end(fullSession(msisdn));
        const next = await waiting;
        expect(next?.session).toEqual(fullSession(msisdn));
        await next!.end(null);
      }
    });

    it("never lets a turn run on a stale session: two processes taking turns see each other's saves", async () => {
      const msisdn = nextPerson();
      const other = anotherProcess(store, options);
      await save(store, { ...fullSession(msisdn), version: 1 });
      await save(other, { ...fullSession(msisdn), version: 2 });
      const turn = await store.begin(msisdn, 0);
      expect(turn?.session?.version).toBe(2);
      await turn!.end({ ...fullSession(msisdn), version: 3 });
      expect((await other.load(msisdn))?.version).toBe(3);
    });

    it('loses no turn when twenty run at once from two processes, each adding one to what it began with', async () => {
      const msisdn = nextPerson();
      const processes = [store, anotherProcess(store, options)];
      await save(store, { ...fullSession(msisdn), messages: { window: 1, count: 0 } });
      await Promise.all(
        Array.from({ length: 20 }, async (_, n) => {
          const turn = await processes[n % 2]!.begin(msisdn, 20_000);
          if (!turn?.session?.messages) throw new Error('the turn did not begin with the session');
          const { window, count } = turn.session.messages;
          await turn.end({ ...turn.session, messages: { window, count: count + 1 } });
        }),
      );
      expect((await store.load(msisdn))?.messages?.count).toBe(20);
      expect((await anotherProcess(store, options).load(msisdn))?.messages?.count).toBe(20);
    });

    it('takes over a turn past its lease, and the late end of the slow one undoes nothing', async () => {
      const msisdn = nextPerson();
      await save(store, { ...fullSession(msisdn), version: 1 });
      const slow = await store.begin(msisdn, 0);
      advance(CONTRACT_LEASE_MS - 1);
      expect(await anotherProcess(store, options).begin(msisdn, 0)).toBeNull();
      advance(2);
      const taker = await anotherProcess(store, options).begin(msisdn, 0);
      expect(taker?.session?.version).toBe(1);
      await slow!.end({ ...fullSession(msisdn), version: 2 });
      // The taker's turn still stands: nobody else gets in until it ends.
      expect(await store.begin(msisdn, 50)).toBeNull();
      await taker!.end({ ...fullSession(msisdn), version: 3 });
      const next = await store.begin(msisdn, 0);
      expect(next?.session?.version).toBe(3);
      await next!.end(null);
      expect((await anotherProcess(store, options).load(msisdn))?.version).toBe(3);
    });

    it("keeps the taker's session when the slow turn ends after it", async () => {
      const msisdn = nextPerson();
      await save(store, { ...fullSession(msisdn), version: 1 });
      const slow = await store.begin(msisdn, 0);
      advance(CONTRACT_LEASE_MS + 1);
      const taker = await anotherProcess(store, options).begin(msisdn, 0);
      await taker!.end({ ...fullSession(msisdn), version: 3 });
      await slow!.end({ ...fullSession(msisdn), version: 2 });
      expect((await anotherProcess(store, options).load(msisdn))?.version).toBe(3);
      const next = await anotherProcess(store, options).begin(msisdn, 0);
      expect(next?.session?.version).toBe(3);
      await next!.end(null);
      // The slow process itself learns it was overtaken.
      const again = await store.begin(msisdn, 0);
      expect(again?.session?.version).toBe(3);
      await again!.end(null);
    });
  });
}
