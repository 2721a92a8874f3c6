/**
 * The product killed at every point of settling a payment the provider has finished: a second process on the same
 * database and rails asks the provider (its real client, over HTTP), then dies right after its n-th call to the
 * ledger's store, the payments' store or the notifier, for each n that settling makes. The reconciler and the
 * ledger's recovery of the surviving process then finish it: posted once, told once, whatever was half-written.
 * The provider's callback is dropped each time, so only the dying process and the survivors act. A payout on one
 * rail and a collection on the other (each sweep takes a few seconds; the other two combinations settle through
 * the same code, and railFaults.<rail>.test.ts kill them once, after the ledger recorded the outcome).
 */
import type { Msisdn } from '../../domain/phone';
import { expectConsistent } from '../support/ledger';
import { SimulatedCrash } from '../support/crashingStore';
import { shortReferenceOf, useFaultyProduct, type Started } from './railFaults.support';

const f = useFaultyProduct();
const AMOUNT = 1000;
const FUNDS = 100_000;

const cases = [
  {
    name: 'an MTN MoMo withdrawal',
    rail: 'mtn_momo',
    direction: 'payout',
    owner: '237677409902',
    funds: FUNDS,
    start: (owner: Msisdn) => f.withdraw(owner, 'mtn_momo', AMOUNT),
    loseCallback: () => f.simulators.mtnMomo.dropCallbacks(1),
    succeeded: 'money.withdrawalSucceeded',
  },
  {
    name: 'an Orange Money top-up',
    rail: 'orange_money',
    direction: 'collect',
    owner: '237699409903',
    funds: 0,
    start: (owner: Msisdn) => f.topUp(owner, 'orange_money', AMOUNT),
    loseCallback: () => f.simulators.orangeMoney.faults.dropNotifications(1),
    succeeded: 'money.topUpSucceeded',
  },
] as const;

describe.each(cases)('$name', (c) => {
  it('is settled exactly once by the survivors, whichever call of its settlement the process died after', async () => {
    const owner = await f.person(c.owner, c.funds);
    /** A payment the provider has finished, its callback lost. */
    const finishedAtProvider = async (): Promise<Started> => {
      c.loseCallback();
      const started = await c.start(owner);
      expect(started.start).toMatchObject({ ok: true });
      await f.untilProviderEnded(started, c.rail, c.direction);
      return started;
    };
    const noticesAbout = async (started: Started) =>
      (await f.notices(owner)).filter((n) => n.endsWith(`:${shortReferenceOf(started)}`));

    // n = 1, 2, … until a settlement no longer reaches its n-th call: every point it can die at has been tried.
    const settled: Started[] = [];
    for (let n = 1; n < 200; n += 1) {
      const started = await finishedAtProvider();
      const dying = f.dyingProcess((call) => call.n === n);
      await dying.payments.complete(started.reference).catch((error: unknown) => {
        if (!(error instanceof SimulatedCrash)) throw error;
      });

      await Promise.all([f.reconcile(), f.recover()]);
      await f.reconcile();
      expect({ n, state: await f.state(started.reference) }).toEqual({ n, state: 'posted' });
      expect({ n, notices: await noticesAbout(started) }).toEqual({
        n,
        notices: [`${c.succeeded}:${shortReferenceOf(started)}`],
      });
      settled.push(started);
      if (!dying.crashed()) break;
    }
    expect(settled.length).toBeGreaterThan(10);

    // Every payment moved its money once: the balance is exactly the sum of them.
    const each = (s: Started) => (s.start.ok ? s.start.quote : { amount: NaN, fee: NaN });
    const balance = await f.balance(owner);
    if (c.funds === 0) {
      expect(balance).toMatchObject({ available: settled.length * AMOUNT, incoming: 0, held: 0 });
    } else {
      const paidOut = settled.reduce((sum, s) => sum + each(s).amount + each(s).fee, 0);
      expect(balance).toMatchObject({ available: FUNDS - paidOut, held: 0 });
    }
    for (const started of settled) await f.expectLedgerExact(started.reference);
    await expectConsistent(f.product.services.ledger.store);
  });
});
