/**
 * The PIN lock on the real database: wrong PINs counted by inserts, so a check that finishes late (its turn timed
 * out, another process was faster) never erases the failures recorded meanwhile; lockouts that escalate to a
 * block only support lifts (`npm run pin:reset`, run here as a child process); an SMS at each lockout. Each
 * `People` below is a process's worth: its own stores on the one database.
 */
import { People, type PinCheck } from '../../domain/people';
import type { Msisdn } from '../../domain/phone';
import type { PinEvent, PinEventStore } from '../../domain/pinEventStore';
import { MongoChosenPinStore } from '../../integrations/mongo/chosenPinStore';
import { MongoOutbox } from '../../integrations/mongo/outbox';
import { MongoPeopleStore } from '../../integrations/mongo/peopleStore';
import { ensurePinEventIndexes, MongoPinEventStore } from '../../integrations/mongo/pinEventStore';
import { useLedger } from '../support/ledger';
import { runTool, type ToolRun } from '../support/tool';
import { someMsisdn } from './paymentFakes';

const PIN = '2468';
const WRONG = '1357';
const PEPPER = 'a-pepper-of-forty-characters-for-tests-0';
const LOCK_MS = 30 * 60_000;
const HOUR = 3_600_000;

let now = new Date('2026-12-01T08:00:00Z');
const frozenClock = () => now;

/** A PIN event store whose inserts wait until the test lets them through: a check that is slow to finish. */
class SlowInserts implements PinEventStore {
  private release: () => void = () => undefined;
  private readonly gate = new Promise<void>((resolve) => (this.release = resolve));
  private reached: () => void = () => undefined;
  /** Resolves once a check is waiting on its insert. */
  readonly waiting = new Promise<void>((resolve) => (this.reached = resolve));

  constructor(private readonly inner: PinEventStore) {}

  async insert(event: PinEvent): Promise<boolean> {
    this.reached();
    await this.gate;
    return this.inner.insert(event);
  }

  of(owner: string): Promise<PinEvent[]> {
    return this.inner.of(owner);
  }

  finish(): void {
    this.release();
  }
}

/** `npm run pin:reset -- <number>` as support runs it, against the test's database. */
function pinReset(uri: string, number: string): Promise<ToolRun> {
  return runTool('pinReset.ts', uri, number);
}

describe('the PIN lock', () => {
  const t = useLedger();

  beforeAll(async () => {
    await ensurePinEventIndexes(t.db.connection);
  });

  /** People as one process builds it; `clock` defaults to the real time. */
  function aProcess(options: { clock?: () => Date; events?: PinEventStore } = {}): People {
    const connection = t.db.connection;
    return new People({
      store: new MongoPeopleStore(connection),
      ledger: t.ledger,
      pinPepper: PEPPER,
      pinEvents: options.events ?? new MongoPinEventStore(connection),
      chosenPins: new MongoChosenPinStore(connection),
      pinLockMs: LOCK_MS,
      notifier: new MongoOutbox(connection, { clock: options.clock }),
      clock: options.clock,
    });
  }

  async function signedUp(people: People): Promise<Msisdn> {
    const msisdn = someMsisdn();
    const result = await people.signUp({ msisdn, name: 'Awa Fotso', language: 'fr', pin: PIN });
    expect(result.ok).toBe(true);
    return msisdn;
  }

  const outbox = () => new MongoOutbox(t.db.connection);
  const pinNotices = async (msisdn: Msisdn) =>
    (await outbox().for(msisdn)).filter((m) => m.notice.key.startsWith('pin.')).map((m) => m.notice);

  it('counts a wrong PIN whose check finishes after newer ones, so three wrong PINs lock whatever the order', async () => {
    const fast = aProcess();
    const msisdn = await signedUp(fast);
    const slowStore = new SlowInserts(new MongoPinEventStore(t.db.connection));
    const slow = aProcess({ events: slowStore });

    const late = slow.checkPin(msisdn, WRONG);
    await slowStore.waiting;
    expect(await fast.checkPin(msisdn, WRONG)).toEqual({ ok: false, reason: 'WRONG_PIN', triesLeft: 2 });
    expect(await fast.checkPin(msisdn, WRONG)).toEqual({ ok: false, reason: 'WRONG_PIN', triesLeft: 1 });
    slowStore.finish();
    expect(await late).toMatchObject({ ok: false, reason: 'PIN_LOCKED' });

    // Three wrong PINs were typed: the PIN is locked, even the right one is refused, and the owner was told.
    expect(await fast.checkPin(msisdn, PIN)).toMatchObject({ ok: false, reason: 'PIN_LOCKED' });
    expect(await pinNotices(msisdn)).toEqual([expect.objectContaining({ key: 'pin.lockedNotice', bySms: true })]);
  });

  it('does not let a right PIN that finishes late lift a lockout made meanwhile', async () => {
    const fast = aProcess();
    const msisdn = await signedUp(fast);
    expect(await fast.checkPin(msisdn, WRONG)).toEqual({ ok: false, reason: 'WRONG_PIN', triesLeft: 2 });
    const slowStore = new SlowInserts(new MongoPinEventStore(t.db.connection));
    const slow = aProcess({ events: slowStore });

    const late = slow.checkPin(msisdn, PIN);
    await slowStore.waiting;
    expect(await fast.checkPin(msisdn, WRONG)).toEqual({ ok: false, reason: 'WRONG_PIN', triesLeft: 1 });
    expect(await fast.checkPin(msisdn, WRONG)).toMatchObject({ ok: false, reason: 'PIN_LOCKED' });
    slowStore.finish();
    // It was typed before the lockout and was right, so its own step may go on; the lock stays.
    expect(await late).toEqual({ ok: true });
    expect(await fast.checkPin(msisdn, PIN)).toMatchObject({ ok: false, reason: 'PIN_LOCKED' });
  });

  it('clears the count at a right PIN, and only of the wrong PINs typed before it', async () => {
    const people = aProcess();
    const msisdn = await signedUp(people);
    expect(await people.checkPin(msisdn, WRONG)).toMatchObject({ triesLeft: 2 });
    expect(await people.checkPin(msisdn, WRONG)).toMatchObject({ triesLeft: 1 });
    expect(await people.checkPin(msisdn, PIN)).toEqual({ ok: true });
    expect(await people.checkPin(msisdn, WRONG)).toMatchObject({ triesLeft: 2 });
  });

  it('records one lockout and sends one SMS when two processes lock at once', async () => {
    const first = aProcess();
    const second = aProcess();
    const msisdn = await signedUp(first);
    await first.checkPin(msisdn, WRONG);
    const checks: PinCheck[] = await Promise.all([
      first.checkPin(msisdn, WRONG),
      second.checkPin(msisdn, WRONG),
      first.checkPin(msisdn, WRONG),
      second.checkPin(msisdn, WRONG),
    ]);
    expect(checks.filter((c) => !c.ok && c.reason === 'PIN_LOCKED').length).toBeGreaterThanOrEqual(1);
    const events = await t.db.connection.collection('pin_events').find({ kind: 'lockout' }).toArray();
    expect(events.filter((e) => String(e.owner).startsWith(`${msisdn}@`))).toHaveLength(1);
    expect(await pinNotices(msisdn)).toHaveLength(1);
  });

  it('blocks the PIN after three lockouts within 24 hours until support resets it, with an SMS at each', async () => {
    now = new Date('2026-12-01T08:00:00Z');
    const people = aProcess({ clock: frozenClock });
    const msisdn = await signedUp(people);
    const lockOut = async () => {
      expect(await people.checkPin(msisdn, WRONG)).toMatchObject({ reason: 'WRONG_PIN' });
      now = new Date(now.getTime() + 1000);
      expect(await people.checkPin(msisdn, WRONG)).toMatchObject({ reason: 'WRONG_PIN' });
      now = new Date(now.getTime() + 1000);
      return people.checkPin(msisdn, WRONG);
    };

    expect(await lockOut()).toEqual({ ok: false, reason: 'PIN_LOCKED', until: new Date(now.getTime() + LOCK_MS) });
    now = new Date(now.getTime() + LOCK_MS + 1000);
    expect(await lockOut()).toMatchObject({ reason: 'PIN_LOCKED' });
    now = new Date(now.getTime() + LOCK_MS + 1000);
    expect(await lockOut()).toEqual({ ok: false, reason: 'PIN_BLOCKED' });

    // Blocked for good: days later, the right PIN is still refused and nothing is counted.
    now = new Date(now.getTime() + 3 * 24 * HOUR);
    expect(await people.checkPin(msisdn, PIN)).toEqual({ ok: false, reason: 'PIN_BLOCKED' });
    expect((await pinNotices(msisdn)).map((n) => n.key)).toEqual([
      'pin.lockedNotice',
      'pin.lockedNotice',
      'pin.blockedNotice',
    ]);
    expect((await pinNotices(msisdn)).every((n) => n.bySms === true)).toBe(true);

    const reset = await pinReset(t.db.uri, `+${msisdn}`);
    expect(reset).toMatchObject({ code: 0 });
    expect(reset.output).toContain('reset (it was blocked)');
    expect(reset.output).not.toContain(msisdn);
    // The tool runs on the real clock: the PIN is tried after its reset.
    now = new Date(Date.now() + 60_000);
    expect(await people.checkPin(msisdn, WRONG)).toEqual({ ok: false, reason: 'WRONG_PIN', triesLeft: 2 });
    expect(await people.checkPin(msisdn, PIN)).toEqual({ ok: true });
    // The owner is told of the reset too, in case someone else talked support into it.
    expect((await pinNotices(msisdn)).map((n) => n.key)).toEqual([
      'pin.lockedNotice',
      'pin.lockedNotice',
      'pin.blockedNotice',
      'pin.resetNotice',
    ]);
  });

  it('does not block for lockouts more than 24 hours apart', async () => {
    now = new Date('2026-12-02T08:00:00Z');
    const people = aProcess({ clock: frozenClock });
    const msisdn = await signedUp(people);
    for (let lockout = 0; lockout < 3; lockout += 1) {
      for (let i = 0; i < 3; i += 1) {
        await people.checkPin(msisdn, WRONG);
        now = new Date(now.getTime() + 1000);
      }
      now = new Date(now.getTime() + 13 * HOUR);
    }
    expect(await people.checkPin(msisdn, PIN)).toEqual({ ok: true });
  });

  it('answers support clearly for a number nobody signed up with, and changes nothing', async () => {
    const stranger = someMsisdn();
    expect(await pinReset(t.db.uri, stranger.slice(3))).toMatchObject({ code: 1 });
    const bad = await pinReset(t.db.uri, 'not-a-number');
    expect(bad.code).toBe(1);
    expect(bad.output).toContain('not a Cameroonian mobile number');
  });
});
