/**
 * What is particular to the MongoDB session store: what a turn costs on the wire, what becomes of superseded
 * revisions and of the claims (the rules every implementation keeps are in test/contracts/sessionStore.contract.ts,
 * run by runtimeStores.test.ts).
 */
import mongoose, { type Connection } from 'mongoose';
import type { Session } from '../../../bots/runtime/ports';
import type { Msisdn } from '../../../domain/phone';
import { purgeExpired } from '../../../integrations/mongo/retention';
import { ensureSessionIndexes, MongoSessionStore, SESSION_REVISIONS } from '../../../integrations/mongo/sessionStore';
import { useTestDatabase } from '../../support/database';

const db = useTestDatabase();
let person = 0;
const nextPerson = () => `23767730${String((person += 1)).padStart(4, '0')}` as Msisdn;
const session = (msisdn: Msisdn, version: number): Session => ({
  msisdn,
  flow: 'mainMenu',
  version,
  snapshot: '{}',
  language: 'en',
  updatedAt: new Date('2026-12-05T08:00:00Z'),
});

beforeAll(async () => {
  await ensureSessionIndexes(db.connection);
});

it('begins and ends a turn on the copy it kept with two inserts and no read, and reads when it has none', async () => {
  const monitored: Connection = await mongoose.createConnection(db.uri, { monitorCommands: true }).asPromise();
  try {
    const commands: string[] = [];
    monitored.getClient().on('commandStarted', (event) => {
      const collection = event.command[event.commandName] as unknown;
      if (typeof collection === 'string' && collection.startsWith('conversation_')) {
        commands.push(`${event.commandName} ${collection}`);
      }
    });
    const store = new MongoSessionStore(monitored, { leaseMs: 60_000 });
    const msisdn = nextPerson();
    const first = await store.begin(msisdn, 0);
    await first!.end(session(msisdn, 1));
    expect(commands).toEqual([
      `find ${SESSION_REVISIONS}`,
      'insert conversation_turn_claims',
      `insert ${SESSION_REVISIONS}`,
    ]);
    commands.length = 0;
    const second = await store.begin(msisdn, 0);
    expect(second?.session).toEqual(session(msisdn, 1));
    await second!.end(session(msisdn, 2));
    expect(commands).toEqual(['insert conversation_turn_claims', `insert ${SESSION_REVISIONS}`]);
  } finally {
    await monitored.close();
  }
});

it("deletes the revisions a turn superseded, keeping each person's latest", async () => {
  const store = new MongoSessionStore(db.connection, { leaseMs: 60_000 });
  const [ama, kofi] = [nextPerson(), nextPerson()];
  for (let version = 1; version <= 4; version += 1) {
    const turn = await store.begin(ama, 0);
    await turn!.end(session(ama, version));
  }
  await (await store.begin(kofi, 0))!.end(session(kofi, 1));
  await store.flushSuperseded();
  const revisions = db.connection.collection(SESSION_REVISIONS);
  expect(await revisions.find({ msisdn: ama }).project({ _id: 1 }).toArray()).toEqual([{ _id: `${ama}:4` }]);
  expect(await revisions.find({ msisdn: kofi }).project({ _id: 1 }).toArray()).toEqual([{ _id: `${kofi}:1` }]);
  expect((await new MongoSessionStore(db.connection, { leaseMs: 60_000 }).load(ama))?.version).toBe(4);
});

it('purges claims by day once past a day, and a turn after the purge still begins on the latest session', async () => {
  let now = new Date('2026-12-01T10:00:00Z');
  const clock = () => now;
  const store = new MongoSessionStore(db.connection, { leaseMs: 60_000, clock });
  const msisdn = nextPerson();
  await (await store.begin(msisdn, 0))!.end(session(msisdn, 1));
  const claims = db.connection.collection('conversation_turn_claims');
  expect(await claims.countDocuments({ msisdn })).toBe(1);
  now = new Date('2026-12-03T10:00:00Z');
  await purgeExpired(db.connection, now);
  expect(await claims.countDocuments({ msisdn })).toBe(0);
  const turn = await new MongoSessionStore(db.connection, { leaseMs: 60_000, clock }).begin(msisdn, 0);
  expect(turn?.session?.version).toBe(1);
  await turn!.end(session(msisdn, 2));
  expect((await store.load(msisdn))?.version).toBe(2);
});
