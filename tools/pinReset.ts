/**
 * `npm run pin:reset -- <number>`: support's reset of a person's PIN lock, once the caller's identity was checked
 * (ID card, as for a SIM swap). It lifts a lockout or a block (three lockouts within 24 hours), and the count of
 * wrong PINs starts again; the PIN itself is unchanged. Prints what it did; exits 1 when the number is not a
 * signed-up person, 2 on any other problem.
 */
import { parseCameroonMobile, maskMsisdn } from '../domain/phone';
import { PinLockout } from '../domain/pinLockout';
import { loadConfig } from '../integrations/config';
import { connectDatabase } from '../integrations/database';
import { createLogger } from '../integrations/logger';
import { MongoOutbox } from '../integrations/mongo/outbox';
import { MongoPeopleStore } from '../integrations/mongo/peopleStore';
import { MongoPinEventStore } from '../integrations/mongo/pinEventStore';

/** Resets the PIN lock of the person at `typed` (any common way of writing the number); what to print, and the exit code. */
export async function resetPinLock(
  typed: string,
  stores: { people: MongoPeopleStore; pinLockout: PinLockout },
): Promise<{ code: number; message: string }> {
  const parsed = parseCameroonMobile(typed);
  if (!parsed.ok) return { code: 1, message: `not a Cameroonian mobile number: ${parsed.reason}` };
  const person = await stores.people.get(parsed.msisdn);
  if (!person) return { code: 1, message: `no signed-up person at ${maskMsisdn(parsed.msisdn)}` };
  const before = await stores.pinLockout.state(person);
  await stores.pinLockout.supportReset(person);
  const was = before.blocked ? 'blocked' : before.lockedUntil ? 'locked' : `not locked (${before.failures} wrong)`;
  return { code: 0, message: `PIN of ${maskMsisdn(parsed.msisdn)} reset (it was ${was}); the PIN itself is unchanged` };
}

async function main(): Promise<number> {
  const typed = process.argv[2];
  if (!typed) {
    console.error('usage: npm run pin:reset -- <phone number>');
    return 2;
  }
  const config = loadConfig();
  const database = await connectDatabase(config, createLogger({ level: 'warn' }));
  try {
    const pinLockout = new PinLockout({
      events: new MongoPinEventStore(database.connection),
      lockMs: config.PIN_LOCK_MS,
      // The owner is told by SMS (the outbox of the running product sends it).
      notifier: new MongoOutbox(database.connection),
    });
    const { code, message } = await resetPinLock(typed, {
      people: new MongoPeopleStore(database.connection),
      pinLockout,
    });
    (code === 0 ? console.log : console.error)(message);
    return code;
  } finally {
    await database.close();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(2);
    },
  );
}
