/**
 * PIN hashes keyed with the server's pepper, on the real database: what a copy of the database holds cannot be
 * checked against a guess without the pepper, and hashes made before the pepper still work and are replaced.
 */
import { randomBytes, scryptSync } from 'node:crypto';
import { People } from '../../domain/people';
import { pinMatches } from '../../domain/pin';
import { MongoChosenPinStore } from '../../integrations/mongo/chosenPinStore';
import { MongoPeopleStore } from '../../integrations/mongo/peopleStore';
import { MongoPinEventStore } from '../../integrations/mongo/pinEventStore';
import { useLedger } from '../support/ledger';
import { someMsisdn } from './paymentFakes';

const PIN = '2468';
const PEPPER = 'a-pepper-of-forty-characters-for-tests-0';
const OTHER_PEPPER = 'another-pepper-of-forty-characters-for-x';

describe('PIN hashes', () => {
  const t = useLedger();

  function people(pepper: string): People {
    const connection = t.db.connection;
    return new People({
      store: new MongoPeopleStore(connection),
      ledger: t.ledger,
      pinPepper: pepper,
      pinEvents: new MongoPinEventStore(connection),
      chosenPins: new MongoChosenPinStore(connection),
      pinLockMs: 30 * 60_000,
    });
  }

  /** The person's record as a copy of the database shows it. */
  const storedHash = async (msisdn: string) =>
    String((await t.db.connection.collection('people').findOne({ _id: msisdn as never }))?.pinHash);

  it('cannot be checked against any guess without the pepper, which is not in the database', async () => {
    const msisdn = someMsisdn();
    expect((await people(PEPPER).signUp({ msisdn, name: 'Awa Fotso', language: 'fr', pin: PIN })).ok).toBe(true);
    const hash = await storedHash(msisdn);
    expect(hash).toMatch(/^scrypt-hmac\$/);

    // Trying every PIN against the copied hash finds nothing without the pepper; the right PIN shows why.
    expect(await pinMatches(PIN, hash, OTHER_PEPPER)).toBe(false);
    expect(await pinMatches(PIN, hash, '')).toBe(false);
    expect(await pinMatches(PIN, hash, PEPPER)).toBe(true);
    const docs = await t.db.connection.db!.listCollections().toArray();
    for (const { name } of docs) {
      const text = JSON.stringify(await t.db.connection.collection(name).find().toArray());
      expect(text).not.toContain(PEPPER);
    }

    // A server with another pepper refuses the right PIN (and counts it as wrong).
    expect(await people(OTHER_PEPPER).checkPin(msisdn, PIN)).toMatchObject({ ok: false, reason: 'WRONG_PIN' });
    expect(await people(PEPPER).checkPin(msisdn, PIN)).toEqual({ ok: true });
  });

  it('still accepts a PIN hashed before the pepper, and replaces that hash at the next right PIN', async () => {
    const msisdn = someMsisdn();
    const service = people(PEPPER);
    expect((await service.signUp({ msisdn, name: 'Jean Talla', language: 'en', pin: '4826' })).ok).toBe(true);
    const salt = randomBytes(16);
    const key = scryptSync(PIN, salt, 32, { N: 16_384, r: 8, p: 1 });
    const legacy = ['scrypt', 16_384, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
    await t.db.connection.collection('people').updateOne({ _id: msisdn as never }, { $set: { pinHash: legacy } });

    expect(await service.checkPin(msisdn, '1357')).toMatchObject({ ok: false, reason: 'WRONG_PIN' });
    expect(await storedHash(msisdn)).toBe(legacy);
    expect(await service.checkPin(msisdn, PIN)).toEqual({ ok: true });
    const upgraded = await storedHash(msisdn);
    expect(upgraded).toMatch(/^scrypt-hmac\$/);
    expect(await pinMatches(PIN, upgraded, OTHER_PEPPER)).toBe(false);
    expect(await service.checkPin(msisdn, PIN)).toEqual({ ok: true });
  });
});
