/**
 * A payment request is paid at most once when an account's status changes between the `paying` step and the
 * ledger post, with a crash in between and two processes (each with its own ledger and caches) driving the same
 * attempt: one sees the new status, the other still has the old one in its cache.
 */
import { randomUUID } from 'node:crypto';
import { accountIds, type AccountId } from '../../../domain/ledger/accounts';
import type { Ledger } from '../../../domain/ledger/ledger';
import type { Msisdn } from '../../../domain/phone';
import { PaymentRequests } from '../../../domain/paymentRequests/paymentRequests';
import type { PaymentRequestStore, RequestStep } from '../../../domain/paymentRequests/paymentRequestStore';
import { ensurePaymentRequestIndexes, MongoPaymentRequestStore } from '../../../integrations/mongo/paymentRequestStore';
import { MortalProcess, SimulatedCrash } from '../../support/crashingStore';
import { expectConsistent, useLedger } from '../../support/ledger';
import { FakeDirectory, RecordingNotifier, someMsisdn } from '../paymentFakes';
import { ShortReferences } from '../../../domain/shortReferences';
import { MongoShortReferenceStore } from '../../../integrations/mongo/shortReferenceStore';

describe('a payment request whose payer or requester changes status while it is being paid', () => {
  const t = useLedger();
  const users = new FakeDirectory();

  beforeAll(async () => {
    await ensurePaymentRequestIndexes(t.db.connection);
  });
  afterEach(() => expectConsistent(t.store));

  const services = (ledger: Ledger, store: PaymentRequestStore) =>
    new PaymentRequests({
      ledger,
      store,
      users,
      notifier: new RecordingNotifier(),
      shortReferences: new ShortReferences(new MongoShortReferenceStore(t.db.connection)),
    });

  async function person(name: string, balance = 0): Promise<{ msisdn: Msisdn; wallet: AccountId }> {
    const msisdn = someMsisdn();
    users.signUp(msisdn, name);
    const wallet = accountIds.wallet(msisdn);
    await t.ledger.openAccount(wallet, 'wallet', { ownerId: msisdn, kycTier: 'full' });
    if (balance > 0) await t.fund(wallet, balance);
    return { msisdn, wallet };
  }

  /**
   * The payer starts paying in a process that dies right after its `paying` step; process A (whose ledger made
   * the status change, so knows it) and process B (whose ledger cached the accounts before it) then drive that
   * attempt at the same time: B has read the steps before A records the outcome, and asks its ledger after.
   */
  async function payThroughACrashAndTwoProcesses(change: (payer: AccountId, requester: AccountId) => Promise<void>) {
    const ledgerB = t.anotherProcess();
    const requester = await person('Rose');
    const payer = await person('Paul', 50_000);
    // B's ledger caches both accounts as they are now.
    await ledgerB.balance(payer.wallet);
    await ledgerB.balance(requester.wallet);

    const storeA = new MongoPaymentRequestStore(t.db.connection);
    const requestsA = services(t.ledger, storeA);
    const created = await requestsA.create({
      id: randomUUID(),
      requester: { kind: 'wallet', msisdn: requester.msisdn },
      payer: payer.msisdn,
      amount: 10_000,
    });
    if (!created.ok) throw new Error(created.reason);
    const requestId = created.request._id;

    const doomed = new MortalProcess(
      ({ method, args }) => method === 'insertStep' && (args[0] as RequestStep).kind === 'paying',
    );
    const dying = services(t.ledger, doomed.wrap('requests', new MongoPaymentRequestStore(t.db.connection)));
    const payId = randomUUID();
    await expect(dying.pay({ id: payId, requestId, payer: payer.msisdn })).rejects.toBeInstanceOf(SimulatedCrash);

    await change(payer.wallet, requester.wallet);

    // B's worker reads the steps (the attempt is `paying`), then waits until A has finished the attempt.
    let stepsRead: () => void = () => undefined;
    const bHasRead = new Promise<void>((resolve) => (stepsRead = resolve));
    let release: () => void = () => undefined;
    const aIsDone = new Promise<void>((resolve) => (release = resolve));
    const innerB = new MongoPaymentRequestStore(t.db.connection);
    let held = false;
    const storeB: PaymentRequestStore = Object.assign(Object.create(innerB) as MongoPaymentRequestStore, {
      steps: async (id: string) => {
        const steps = await innerB.steps(id);
        if (id === requestId && !held) {
          held = true;
          stepsRead();
          await aIsDone;
        }
        return steps;
      },
    });
    const sweepB = services(ledgerB, storeB).sweepOnce();
    await bHasRead;
    const retried = await requestsA.pay({ id: payId, requestId, payer: payer.msisdn });
    release();
    await sweepB;
    return { requestsA, requestId, payer, requester, retried };
  }

  async function postedAttempts(requestId: string): Promise<number> {
    let posted = 0;
    for (let slot = 1; slot <= 10; slot += 1) {
      const transfer = await t.ledger.getTransfer(`preq:${requestId}:${slot}`);
      if (transfer?.state === 'posted') posted += 1;
    }
    return posted;
  }

  it('pays once when the payer is frozen after `paying` and unfrozen later', async () => {
    const { requestsA, requestId, payer, requester, retried } = await payThroughACrashAndTwoProcesses((wallet) =>
      t.ledger.setAccountStatus(wallet, 'frozen').then(() => undefined),
    );
    expect(retried).toEqual({ ok: false, reason: 'ACCOUNT_FROZEN' });
    expect(await t.ledger.balance(requester.wallet)).toMatchObject({ available: 0 });

    await t.ledger.setAccountStatus(payer.wallet, 'active');
    const again = await requestsA.pay({ id: randomUUID(), requestId, payer: payer.msisdn });
    expect(again).toMatchObject({ ok: true });
    expect(await requestsA.get(requestId)).toMatchObject({ status: 'paid' });
    expect(await t.ledger.balance(requester.wallet)).toMatchObject({ available: 10_000 });
    expect(await postedAttempts(requestId)).toBe(1);
  });

  it('moves nothing into the requester’s wallet closed after `paying`, and never pays it later', async () => {
    const { requestsA, requestId, payer, requester, retried } = await payThroughACrashAndTwoProcesses(
      async (_payer, wallet) => {
        await t.ledger.setAccountStatus(wallet, 'closed');
      },
    );
    expect(retried).toEqual({ ok: false, reason: 'ACCOUNT_CLOSED' });
    const later = await requestsA.pay({ id: randomUUID(), requestId, payer: payer.msisdn });
    expect(later).toEqual({ ok: false, reason: 'ACCOUNT_CLOSED' });
    expect(await t.ledger.balance(requester.wallet)).toMatchObject({ available: 0, incoming: 0 });
    expect(await t.ledger.balance(payer.wallet)).toMatchObject({ available: 50_000 });
    expect(await postedAttempts(requestId)).toBe(0);
  });
});
