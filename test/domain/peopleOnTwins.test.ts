/**
 * Signing up and PIN checks wired on the in-memory twins of every domain store (memoryDomainStores), as a test
 * that needs no database wires them. The same behaviours on MongoDB are tested in test/domain/pinLockout.test.ts
 * and by the people and PIN event contract suites.
 */
import { Ledger } from '../../domain/ledger/ledger';
import { accountIds, systemAccounts } from '../../domain/ledger/accounts';
import { People } from '../../domain/people';
import type { Msisdn } from '../../domain/phone';
import { memoryDomainStores, type MemoryDomainStores } from '../../integrations/memory/memoryDomainStores';
import { expectConsistent } from '../support/ledger';
import { RecordingNotifier, someMsisdn } from './paymentFakes';

const PIN = '2468';
const WRONG = '1357';
const PEPPER = 'a-pepper-of-forty-characters-for-tests-0';

describe('people on the in-memory stores', () => {
  let stores: MemoryDomainStores;
  let notifier: RecordingNotifier;
  beforeEach(async () => {
    stores = memoryDomainStores();
    notifier = new RecordingNotifier();
    for (const account of systemAccounts([])) await stores.ledger.insertAccount(account);
  });
  afterEach(() => expectConsistent(stores.ledger));

  /** People as one process builds it: its own ledger caches, the stores every process shares. */
  function aProcess(): People {
    return new People({
      store: stores.people,
      ledger: new Ledger({ store: stores.ledger }),
      pinPepper: PEPPER,
      pinEvents: stores.pinEvents,
      chosenPins: stores.chosenPins,
      pinLockMs: 30 * 60_000,
      notifier,
    });
  }

  it('signs a number up once when two processes sign it up ten times at once', async () => {
    const msisdn = someMsisdn();
    const processes = [aProcess(), aProcess()];
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, n) =>
        processes[n % 2]!.signUp({ msisdn, name: `Awa ${'F'.repeat(n + 1)}`, language: 'fr', pin: PIN }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.reason === 'ALREADY_SIGNED_UP')).toBe(true);
    const winner = results.find((r) => r.ok);
    expect(await processes[1]!.find(msisdn)).toEqual(winner?.ok && winner.person);
    expect(await stores.ledger.getAccount(accountIds.wallet(msisdn))).toMatchObject({ kycTier: 'basic' });
  });

  it('locks a PIN after three wrong ones typed through two processes, and tells its owner once', async () => {
    const [first, second] = [aProcess(), aProcess()];
    const msisdn: Msisdn = someMsisdn();
    expect((await first.signUp({ msisdn, name: 'Awa Fotso', language: 'fr', pin: PIN })).ok).toBe(true);
    expect(await first.checkPin(msisdn, WRONG)).toEqual({ ok: false, reason: 'WRONG_PIN', triesLeft: 2 });
    expect(await second.checkPin(msisdn, WRONG)).toEqual({ ok: false, reason: 'WRONG_PIN', triesLeft: 1 });
    expect(await first.checkPin(msisdn, WRONG)).toMatchObject({ ok: false, reason: 'PIN_LOCKED' });
    expect(await second.checkPin(msisdn, PIN)).toMatchObject({ ok: false, reason: 'PIN_LOCKED' });
    expect(notifier.to(msisdn, 'pin.lockedNotice')).toHaveLength(1);
  });
});
