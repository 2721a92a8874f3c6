/**
 * A child process for the kill -9 test: it drives transfers between the given wallets as fast as it can, 8 at a
 * time, and prints `ACK <id> <state|reason>` for each answer it got, until it is killed.
 * Usage: tsx test/support/transferLoop.ts <mongodb uri> <prefix> <wallet> <wallet> ...
 */
import mongoose from 'mongoose';
import type { AccountId } from '../../domain/ledger/accounts';
import { Ledger } from '../../domain/ledger/ledger';
import { MongoLedgerStore } from '../../integrations/mongo/mongoLedgerStore';

async function main(): Promise<void> {
  const [uri, prefix, ...wallets] = process.argv.slice(2) as [string, string, ...AccountId[]];
  const connection = await mongoose.createConnection(uri).asPromise();
  const ledger = new Ledger({ store: new MongoLedgerStore(connection) });
  let next = 0;
  process.stdout.write('READY\n');
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (;;) {
        const n = next++;
        const id = `${prefix}-${n}`;
        const debit = wallets[n % wallets.length]!;
        const credit = wallets[(n + 1 + (n % (wallets.length - 1))) % wallets.length]!;
        const result = await ledger.transfer({
          id,
          kind: 'p2p',
          debit,
          credits: [{ account: credit, amount: 100 + (n % 7) * 100 }],
          mode: 'single',
        });
        process.stdout.write(`ACK ${id} ${result.ok ? result.transfer.state : result.reason}\n`);
      }
    }),
  );
}

void main();
