/**
 * The account holder check the top-up asks before another number is prompted: the rail's answer as the
 * conversation needs it, and never an error nor a long wait (a payment is never blocked on a name).
 */
import { AccountHolders, HOLDER_NAME_MAX, shownName, type AccountHolderLookup } from '../../domain/accountHolders';
import type { Msisdn } from '../../domain/phone';

const NUMBER = '237677112233' as Msisdn;

/** A rail's lookup that answers what it is given, after `delayMs`, and records what it was asked. */
function lookup(answer: Awaited<ReturnType<AccountHolderLookup['accountHolder']>> | Error, delayMs = 0) {
  const asked: Msisdn[] = [];
  const port: AccountHolderLookup = {
    accountHolder: (msisdn) => {
      asked.push(msisdn);
      return new Promise((resolve, reject) =>
        setTimeout(() => (answer instanceof Error ? reject(answer) : resolve(answer)), delayMs),
      );
    },
  };
  return { port, asked };
}

describe('account holders', () => {
  it('gives the name the rail holds for an active account, and says when the number has none', async () => {
    const active = lookup({ active: true, name: '  Jeanne   Mballa ' });
    expect(await new AccountHolders({ lookups: { mtn_momo: active.port } }).check('mtn_momo', NUMBER)).toEqual({
      status: 'active',
      name: 'Jeanne Mballa',
    });
    expect(active.asked).toEqual([NUMBER]);
    const inactive = lookup({ active: false });
    expect(await new AccountHolders({ lookups: { mtn_momo: inactive.port } }).check('mtn_momo', NUMBER)).toEqual({
      status: 'inactive',
    });
  });

  it('knows nothing for a rail without a lookup (Orange Money, cards)', async () => {
    const mtn = lookup({ active: false });
    const holders = new AccountHolders({ lookups: { mtn_momo: mtn.port } });
    expect(await holders.check('orange_money', NUMBER)).toEqual({ status: 'unknown' });
    expect(mtn.asked).toEqual([]);
  });

  it('knows nothing when the rail fails, and says so to onFault', async () => {
    const faults: string[] = [];
    const holders = new AccountHolders({
      lookups: { mtn_momo: lookup(new Error('MTN MoMo accountHolderActive: HTTP 500')).port },
      onFault: (rail, error) => faults.push(`${rail}: ${(error as Error).message}`),
    });
    expect(await holders.check('mtn_momo', NUMBER)).toEqual({ status: 'unknown' });
    expect(faults).toEqual(['mtn_momo: MTN MoMo accountHolderActive: HTTP 500']);
  });

  it('gives up on a rail slower than its time limit', async () => {
    const faults: unknown[] = [];
    const holders = new AccountHolders({
      lookups: { mtn_momo: lookup({ active: false }, 300).port },
      timeoutMs: 30,
      onFault: (_rail, error) => faults.push(error),
    });
    const started = Date.now();
    expect(await holders.check('mtn_momo', NUMBER)).toEqual({ status: 'unknown' });
    expect(Date.now() - started).toBeLessThan(250);
    expect(faults).toHaveLength(1);
  });

  it('shows a long name cut at a word, and no name for an empty one', () => {
    expect(shownName('Marie-Claire Ngo Bilong Epse Nkoulou')).toBe('Marie-Claire Ngo');
    expect(shownName('Abcdefghijklmnopqrstuvwxyz')).toBe('Abcdefghijklmnopqrst');
    expect(shownName('Abcdefghijklmnopqrstuvwxyz')).toHaveLength(HOLDER_NAME_MAX);
    expect(shownName('   ')).toBeNull();
    expect(shownName(null)).toBeNull();
  });
});
