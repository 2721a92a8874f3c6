import mongoose, { type Connection } from 'mongoose';
import { accountIds, type AccountId } from '../../domain/ledger/accounts';
import { addCounters, ZERO_COUNTERS, type Entry } from '../../domain/ledger/entries';
import type { Ledger } from '../../domain/ledger/ledger';
import { newTransfer, type TransferRequest } from '../../domain/ledger/transfers';
import { setUpLedger } from '../../integrations/ledgerSetup';
import { testDatabaseUri, uniqueDatabaseName } from '../support/database';
import { runTool, type ToolRun } from '../support/tool';

/** Runs `ledger:check` as the operator would, in a child process, against the database at `uri`. */
function ledgerCheck(uri: string): Promise<ToolRun> {
  return runTool('ledgerCheck.ts', uri);
}

type EntryDoc = Omit<Entry, 'account'> & { account: string };

describe('ledger:check', () => {
  const connections: Connection[] = [];
  afterAll(async () => {
    for (const connection of connections) {
      await connection.dropDatabase().catch(() => undefined);
      await connection.close();
    }
  });

  /** A ledger of its own, set up as the product sets it up, on a database of its own. */
  async function freshLedger() {
    const uri = testDatabaseUri(uniqueDatabaseName('check'));
    const connection = await mongoose.createConnection(uri).asPromise();
    connections.push(connection);
    const { ledger, store } = await setUpLedger(connection);
    const entries = connection.collection<EntryDoc>('ledger_entries');
    return { uri, ledger, store, entries };
  }

  /** A few days of business: a top-up, a payment with a fee, a merchant payment, withdrawals, a refusal. */
  async function someTransfers(ledger: Ledger) {
    const suffix = uniqueDatabaseName('');
    const alice = accountIds.wallet(`237650${suffix}`);
    const bob = accountIds.wallet(`237670${suffix}`);
    const merchant = accountIds.merchant(`boulangerie${suffix}`);
    await ledger.openAccount(alice, 'wallet', { kycTier: 'full' });
    await ledger.openAccount(bob, 'wallet', { kycTier: 'full' });
    await ledger.openAccount(merchant, 'merchant');
    const run = async (request: TransferRequest, ok = true) => {
      expect(await ledger.transfer(request)).toMatchObject({ ok });
      return request.id;
    };
    const single = (id: string, debit: AccountId, credits: TransferRequest['credits']): TransferRequest => ({
      id,
      kind: 'p2p',
      debit,
      credits,
      mode: 'single',
    });
    const withdrawal = (id: string, amount: number): TransferRequest => ({
      id,
      kind: 'withdraw',
      debit: alice,
      credits: [{ account: accountIds.clearing('mtn_momo'), amount }],
      mode: 'pending',
      expiresAt: new Date(Date.now() + 3_600_000),
      rail: 'mtn_momo',
    });
    await run({ ...single('topup-1', accountIds.clearing('mtn_momo'), [{ account: alice, amount: 50_000 }]) });
    const payment = await run(
      single('p2p-1', alice, [
        { account: bob, amount: 10_000 },
        { account: accountIds.fees, amount: 100 },
      ]),
    );
    await run({ ...single('shop-1', bob, [{ account: merchant, amount: 2_000 }]), kind: 'merchant' });
    await run(withdrawal('cashout-1', 5_000));
    expect(await ledger.post('cashout-1')).toMatchObject({ ok: true, transfer: { state: 'posted' } });
    await run(withdrawal('cashout-2', 1_000)); // stays held: settled as far as the ledger goes
    await run(single('too-much-1', bob, [{ account: alice, amount: 1_000_000 }]), false);
    return { alice, bob, merchant, payment };
  }

  async function headOf(entries: mongoose.mongo.Collection<EntryDoc>, chain: string): Promise<EntryDoc> {
    const list = await entries.find({ chain }).toArray();
    return list.reduce((max, e) => (e.seq > max.seq ? e : max));
  }

  it('says OK and exits 0 on a healthy ledger', async () => {
    const { uri, ledger } = await freshLedger();
    await someTransfers(ledger);
    const result = await ledgerCheck(uri);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('OK: every invariant holds');
    expect(result.stdout).toContain('transfers 6,');
    expect(result.stdout).not.toContain('in flight');
    expect(result.stdout).not.toContain('VIOLATIONS');
  });

  it.each([
    {
      tampering: "an entry's amount changed in place",
      tamper: async ({ entries }: Tampered) => {
        const debit = (await entries.findOne({ _id: 'p2p-1:debit' }))!;
        await entries.updateOne({ _id: 'p2p-1:debit' }, { $set: { amount: 1_010 } });
        return [
          `chain ${debit.chain} seq ${debit.seq}: counters do not follow from the previous entry`,
          'transfer p2p-1: debit 1010 ≠ total 10100',
        ];
      },
    },
    {
      tampering: "an extra entry that breaks a chain's counters",
      tamper: async ({ entries, bob }: Tampered) => {
        const head = await headOf(entries, bob);
        const seq = head.seq + 1;
        // A credit of 5 000 whose counters claim 50 000 more.
        await entries.insertOne({
          ...head,
          _id: 'p2p-1:credit:9',
          chainKey: `${bob}#${seq}`,
          seq,
          page: Math.floor(seq / 64),
          side: 'credit',
          phase: 'posted',
          amount: 5_000,
          counters: { ...head.counters, creditsPosted: head.counters.creditsPosted + 50_000 },
        });
        return [`chain ${bob} seq ${seq}: counters do not follow from the previous entry`];
      },
    },
    {
      tampering: 'a credit from nowhere, its counters in order',
      tamper: async ({ entries, bob }: Tampered) => {
        const head = await headOf(entries, bob);
        const seq = head.seq + 1;
        await entries.insertOne({
          ...head,
          _id: 'forged:credit:0',
          chainKey: `${bob}#${seq}`,
          seq,
          page: Math.floor(seq / 64),
          transferId: 'forged',
          side: 'credit',
          phase: 'posted',
          amount: 50_000,
          counters: addCounters(head.counters, { ...ZERO_COUNTERS, creditsPosted: 50_000 }),
        });
        return ['entry forged:credit:0 belongs to no transfer', 'conservation: posted credits'];
      },
    },
    {
      tampering: 'an entry deleted from the middle of a chain',
      tamper: async ({ entries }: Tampered) => {
        const debit = (await entries.findOne({ _id: 'p2p-1:debit' }))!;
        await entries.deleteOne({ _id: 'p2p-1:debit' });
        return [`chain ${debit.chain} seq ${debit.seq + 1}: expected seq ${debit.seq} (a gap or a repeat)`];
      },
    },
  ])('exits 1 and names the violation after $tampering', async ({ tamper }) => {
    const { uri, ledger, entries } = await freshLedger();
    const { bob } = await someTransfers(ledger);
    expect(await ledgerCheck(uri)).toMatchObject({ code: 0 });

    const named = await tamper({ entries, bob });
    const result = await ledgerCheck(uri);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('VIOLATIONS:');
    expect(result.stdout).not.toContain('OK: every invariant holds');
    for (const violation of named) expect(result.stdout).toContain(violation);
  });

  it('lists a transfer left in flight without counting it as a violation', async () => {
    const { uri, ledger, store } = await freshLedger();
    const { alice, bob } = await someTransfers(ledger);
    const request: TransferRequest = {
      id: 'p2p-in-flight',
      kind: 'p2p',
      debit: alice,
      credits: [{ account: bob, amount: 700 }],
      mode: 'single',
    };
    expect(await store.insertTransfer(newTransfer(request, new Date()))).toBe('inserted');

    const result = await ledgerCheck(uri);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('in flight (recovery will finish them): 1\n  p2p-in-flight\n');
    expect(result.stdout).toContain('OK: every invariant holds');
  });
});

interface Tampered {
  entries: mongoose.mongo.Collection<EntryDoc>;
  bob: AccountId;
}
