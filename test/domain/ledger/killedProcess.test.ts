import { spawn } from 'node:child_process';
import path from 'node:path';
import { checkLedger } from '../../../domain/ledger/invariants';
import { recoverOnce } from '../../../domain/ledger/recovery';
import { useLedger } from '../../support/ledger';

const repositoryRoot = path.resolve(__dirname, '../../..');

/** Runs the transfer loop in a real child process and kills it with SIGKILL after `ms` of work. */
async function runAndKill(uri: string, prefix: string, wallets: string[], ms: number): Promise<Map<string, string>> {
  const child = spawn(
    process.execPath,
    // `--import tsx` keeps it one process (the tsx command would fork a second one that SIGKILL would miss).
    ['--import', 'tsx', path.join(repositoryRoot, 'test/support/transferLoop.ts'), uri, prefix, ...wallets],
    { cwd: repositoryRoot, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const acknowledged = new Map<string, string>();
  let buffer = '';
  let ready: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (ready = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      if (line === 'READY') ready();
      const [tag, id, outcome] = line.split(' ');
      if (tag === 'ACK' && id && outcome) acknowledged.set(id, outcome);
    }
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await started;
  await new Promise((resolve) => setTimeout(resolve, ms));
  // On a loaded machine the child may not have finished a transfer by then: kill it only once some were
  // acknowledged (up to 20 s more), so the kill always lands in the middle of transfers, never before them.
  for (const giveUpAt = Date.now() + 20_000; acknowledged.size <= 5 && Date.now() < giveUpAt;) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  await exited;
  return acknowledged;
}

describe('a process killed with SIGKILL in the middle of transfers', () => {
  const t = useLedger();

  it('loses nothing that was acknowledged, and recovery settles the rest', async () => {
    const wallets = await Promise.all(Array.from({ length: 6 }, () => t.wallet(30_000)));
    let leftUnfinished = 0;
    for (const [round, ms] of [400, 900, 1_500].entries()) {
      const acknowledged = await runAndKill(t.db.uri, `kill${round}`, wallets, ms);
      expect(acknowledged.size).toBeGreaterThan(5);

      const restarted = t.anotherProcess();
      // Requests the dead process had already sent may still land in the database after its death; the worker
      // runs periodically, so a second pass picks up what the first could not see yet.
      for (let pass = 0; pass < 3; pass += 1) {
        const recovered = await recoverOnce(restarted, { graceMs: 0, maxUndecidedAgeMs: 3_600_000 }, new Date());
        leftUnfinished += recovered.finished;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const report = await checkLedger(t.store);
      expect(report.violations).toEqual([]);
      expect(report.inFlight).toEqual([]);
      for (const [id, outcome] of acknowledged) {
        const stored = await t.store.getTransfer(id);
        expect({ id, outcome: stored?.state === 'rejected' ? stored.reason : stored?.state }).toEqual({ id, outcome });
      }
    }
    // The kills did land mid-transfer: recovery had transfers to finish.
    expect(leftUnfinished).toBeGreaterThan(0);
    let total = 0;
    for (const wallet of wallets) total += (await t.ledger.balance(wallet)).available;
    expect(total).toBe(6 * 30_000);
  });
});
