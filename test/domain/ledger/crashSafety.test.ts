import { randomUUID } from 'node:crypto';
import { accountIds, type AccountId } from '../../../domain/ledger/accounts';
import { checkLedger } from '../../../domain/ledger/invariants';
import { Ledger } from '../../../domain/ledger/ledger';
import type { TransferResult } from '../../../domain/ledger/transferResults';
import { recoverOnce } from '../../../domain/ledger/recovery';
import type { RailOutcome } from '../../../domain/ledger/railStatusPort';
import type { Transfer, TransferRequest } from '../../../domain/ledger/transfers';
import { crashingStore, SimulatedCrash } from '../../support/crashingStore';
import { useLedger } from '../../support/ledger';

/** A small deterministic PRNG so each schedule can be replayed from its seed. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

type Step = { op: 'transfer'; request: TransferRequest } | { op: 'post'; id: string } | { op: 'void'; id: string };

interface World {
  wallets: AccountId[];
  merchant: AccountId;
}

function schedule(random: () => number, world: World, length: number): Step[] {
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
  const amount = () => 500 + Math.floor(random() * 30) * 500;
  const steps: Step[] = [];
  for (let i = 0; i < length; i += 1) {
    const kind = pick(['p2p', 'p2p', 'merchant', 'withdraw', 'topup'] as const);
    const id = randomUUID();
    const [payer, other] = [pick(world.wallets), pick(world.wallets)];
    if (kind === 'p2p') {
      const recipient = payer === other ? world.wallets.find((w) => w !== payer)! : other;
      steps.push({
        op: 'transfer',
        request: {
          id,
          kind,
          debit: payer,
          credits: [
            { account: recipient, amount: amount() },
            { account: accountIds.fees, amount: 50 },
          ],
          mode: 'single',
        },
      });
    } else if (kind === 'merchant') {
      const request: TransferRequest = {
        id,
        kind,
        debit: payer,
        credits: [{ account: world.merchant, amount: amount() }],
        mode: 'single',
      };
      steps.push({ op: 'transfer', request });
    } else {
      const clearing = accountIds.clearing('mtn_momo');
      const withdrawal = kind === 'withdraw';
      steps.push({
        op: 'transfer',
        request: {
          id,
          kind,
          debit: withdrawal ? payer : clearing,
          credits: [{ account: withdrawal ? clearing : payer, amount: amount() }],
          mode: 'pending',
          expiresAt: new Date(Date.now() + 3_600_000),
          rail: 'mtn_momo',
        },
      });
      if (random() < 0.8) steps.push({ op: random() < 0.7 ? 'post' : 'void', id });
    }
  }
  return steps;
}

function run(ledger: Ledger, step: Step): Promise<TransferResult> {
  if (step.op === 'transfer') return ledger.transfer(step.request);
  return step.op === 'post' ? ledger.post(step.id) : ledger.void(step.id);
}

/** What each account's balance must be, from the transfers' final states alone. */
function expectedAvailable(transfers: Transfer[], funding: Map<string, number>): Map<string, number> {
  const balance = new Map(funding);
  const add = (account: string, delta: number) => balance.set(account, (balance.get(account) ?? 0) + delta);
  for (const t of transfers) {
    if (t.state === 'posted') {
      add(t.debit, -t.total);
      for (const leg of t.credits) add(leg.account, leg.amount);
    } else if (t.state === 'held' || t.state === 'needs_review') {
      add(t.debit, -t.total); // held debits are not available
    }
  }
  return balance;
}

describe('crash safety: a process dies after any store call, recovery makes it whole', () => {
  const t = useLedger();

  async function world(): Promise<{ world: World; funding: Map<string, number> }> {
    const wallets = [await t.wallet(20_000), await t.wallet(20_000), await t.wallet(20_000)];
    const merchant = await t.merchant();
    return { world: { wallets, merchant }, funding: new Map(wallets.map((w) => [w, 20_000])) };
  }

  async function crashThenRecover(steps: Step[], crashAfter: number, seed: number) {
    const crashing = crashingStore(t.store, crashAfter);
    const doomed = new Ledger({ store: crashing.store });
    const acknowledged: { step: Step; result: TransferResult }[] = [];
    for (const step of steps) {
      try {
        acknowledged.push({ step, result: await run(doomed, step) });
      } catch (error) {
        if (!(error instanceof SimulatedCrash)) throw error;
        break;
      }
    }
    // The restarted process: a fresh ledger (empty caches) runs recovery past every grace period.
    const restarted = new Ledger({ store: t.store });
    const railSays: RailOutcome = (['succeeded', 'failed', 'pending', 'unknown'] as const)[seed % 4]!;
    await recoverOnce(
      restarted,
      {
        graceMs: 0,
        maxUndecidedAgeMs: seed % 2 === 0 ? 0 : 3_600_000, // abandon undecided debits, or decide them late
        rails: { status: async () => railSays },
      },
      new Date(),
    );
    return { acknowledged, crashed: crashing.crashed(), calls: crashing.calls(), restarted };
  }

  async function expectWhole(
    ids: string[],
    acknowledged: { step: Step; result: TransferResult }[],
    funding: Map<string, number>,
    restarted: Ledger,
  ) {
    const transfers = (await Promise.all(ids.map((id) => t.store.getTransfer(id)))).filter(
      (x): x is Transfer => x !== null,
    );
    // What callers were told is what the ledger says, for every acknowledged step still standing.
    for (const { step, result } of acknowledged) {
      if (step.op !== 'transfer' || !result.transfer) continue;
      const stored = transfers.find((x) => x._id === step.request.id)!;
      const later = acknowledged.some((a) => a.step.op !== 'transfer' && a.step.id === step.request.id);
      if (!later && !(result.transfer.state === 'held' && stored.state !== 'held')) {
        expect(stored.state).toBe(result.transfer.state);
      }
    }
    for (const transfer of transfers)
      expect(['posted', 'rejected', 'held', 'voided', 'expired', 'needs_review']).toContain(transfer.state);
    const expected = expectedAvailable(transfers, funding);
    for (const [account, amount] of expected) {
      if (!account.startsWith('wallet:') && !account.startsWith('merchant:')) continue;
      expect({ account, available: (await restarted.balance(account as AccountId)).available }).toEqual({
        account,
        available: amount,
      });
    }
  }

  it('for each store call of each kind of operation', async () => {
    const kinds = ['p2p', 'merchant', 'withdraw', 'topup'];
    let crashes = 0;
    for (const [index, kind] of kinds.entries()) {
      for (let crashAfter = 1; ; crashAfter += 1) {
        const { world: w, funding } = await world();
        const random = mulberry32(index + 1);
        let steps: Step[] = [];
        while (!steps.some((s) => s.op === 'transfer' && s.request.kind === kind)) steps = schedule(random, w, 1);
        const ids = steps.flatMap((s) => (s.op === 'transfer' ? [s.request.id] : []));
        const outcome = await crashThenRecover(steps, crashAfter, crashAfter);
        await expectWhole(ids, outcome.acknowledged, funding, outcome.restarted);
        if (!outcome.crashed) break; // the crash point is past the operation's last store call
        crashes += 1;
      }
    }
    expect(crashes).toBeGreaterThan(20);
    const report = await checkLedger(t.store);
    expect(report.violations).toEqual([]);
    expect(report.inFlight).toEqual([]);
  });

  it('over 60 seeded schedules with a crash at a random store call', async () => {
    let crashes = 0;
    for (let seed = 1; seed <= 60; seed += 1) {
      const random = mulberry32(seed * 7919);
      const { world: w, funding } = await world();
      const steps = schedule(random, w, 6);
      const ids = steps.flatMap((s) => (s.op === 'transfer' ? [s.request.id] : []));
      const outcome = await crashThenRecover(steps, 1 + Math.floor(random() * 60), seed);
      if (outcome.crashed) crashes += 1;
      await expectWhole(ids, outcome.acknowledged, funding, outcome.restarted);
    }
    expect(crashes).toBeGreaterThan(30);
    const report = await checkLedger(t.store);
    expect(report.violations).toEqual([]);
    expect(report.inFlight).toEqual([]);
  }, 300_000); // 60 schedules of transfers and recovery: about a minute alone, more on a busy machine
});
