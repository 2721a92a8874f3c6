import { randomUUID } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';
import { accountIds } from '../../domain/ledger/accounts';
import type { Ledger } from '../../domain/ledger/ledger';
import { setUpLedger } from '../../integrations/ledgerSetup';
import { expectConsistent } from '../support/ledger';
import { testDatabaseUri, uniqueDatabaseName } from '../support/database';
import { runTool, type ToolRun } from '../support/tool';

/** Runs the review command as support would, in a child process, against the database at `uri`. */
function review(uri: string, ...args: string[]): Promise<ToolRun> {
  return runTool('review.ts', uri, ...args);
}

describe('review:list and review:decide', () => {
  const uri = testDatabaseUri(uniqueDatabaseName('review'));
  let connection: Connection;
  let ledger: Ledger;
  beforeAll(async () => {
    connection = await mongoose.createConnection(uri).asPromise();
    ({ ledger } = await setUpLedger(connection));
  });
  afterAll(async () => {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  });

  /** A withdrawal of 4 000 F held on a wallet of 10 000 F; sent to review when asked (as recovery does). */
  async function heldWithdrawal(inReview: boolean) {
    const wallet = accountIds.wallet(`2376${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`);
    await ledger.openAccount(wallet, 'wallet', { kycTier: 'full' });
    const funded = await ledger.transfer({
      id: `fund-${randomUUID()}`,
      kind: 'topup',
      debit: accountIds.clearing('mtn_momo'),
      credits: [{ account: wallet, amount: 10_000 }],
      mode: 'single',
    });
    expect(funded.ok).toBe(true);
    const id = `withdraw:${randomUUID()}`;
    const held = await ledger.transfer({
      id,
      kind: 'withdraw',
      debit: wallet,
      credits: [{ account: accountIds.clearing('mtn_momo'), amount: 4_000 }],
      mode: 'pending',
      expiresAt: new Date(Date.now() + 3_600_000),
      rail: 'mtn_momo',
    });
    expect(held).toMatchObject({ ok: true, transfer: { state: 'held' } });
    if (inReview) await ledger.sendToReview(id, 'rail said unknown');
    return { wallet, id };
  }

  it('lists the transfers in review and applies a decision to one of them only', async () => {
    const paid = await heldWithdrawal(true);
    const notPaid = await heldWithdrawal(true);
    const stillWithItsRail = await heldWithdrawal(false);

    const listed = await review(uri, 'list');
    expect(listed).toMatchObject({ code: 0, stderr: '' });
    expect(listed.stdout).toContain('2 transfer(s) waiting for a decision');
    expect(listed.stdout).toContain(paid.id);
    expect(listed.stdout).toContain(notPaid.id);
    expect(listed.stdout).toContain('why: rail said unknown');
    expect(listed.stdout).not.toContain(stillWithItsRail.id);

    // Bad usage and holds that are not in review change nothing.
    expect(await review(uri, 'decide', paid.id, 'maybe')).toMatchObject({ code: 2 });
    expect(await review(uri, 'decide', stillWithItsRail.id, 'void')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('refused: NOT_IN_REVIEW'),
    });
    expect(await review(uri, 'decide', 'withdraw:nothing-here', 'post')).toMatchObject({ code: 1 });
    expect(await ledger.getTransfer(paid.id)).toMatchObject({ state: 'needs_review' });
    expect(await ledger.getTransfer(stillWithItsRail.id)).toMatchObject({ state: 'held' });

    expect(await review(uri, 'decide', paid.id, 'post')).toMatchObject({ code: 0 });
    expect(await review(uri, 'decide', notPaid.id, 'void')).toMatchObject({ code: 0 });
    expect(await ledger.getTransfer(paid.id)).toMatchObject({ state: 'posted' });
    expect(await ledger.store.getResolution(paid.id)).toMatchObject({ outcome: 'posted', confirmedBy: 'review' });
    expect(await ledger.balance(paid.wallet)).toMatchObject({ available: 6_000, held: 0 });
    expect(await ledger.balance(notPaid.wallet)).toMatchObject({ available: 10_000, held: 0 });
    expect((await review(uri, 'list')).stdout).toContain('0 transfer(s) waiting for a decision');

    expect(await ledger.void(stillWithItsRail.id)).toMatchObject({ ok: true });
    await expectConsistent(ledger.store);
  });
});
