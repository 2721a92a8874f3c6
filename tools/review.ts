/**
 * Support's command for holds waiting for a person (domain/ledger/review.ts), on the same database as npm start:
 *   npm run review:list                            lists them, oldest first
 *   npm run review:decide -- <transfer id> post    the money moved outside as asked (the operator confirms)
 *   npm run review:decide -- <transfer id> void    it never did: the held money is released
 * The running workers then tell the owner how it ended. Exits 0 when done, 1 when refused, 2 on bad usage.
 */
import { formatFrancs } from '../domain/money';
import { decideReview, REVIEW_DECISIONS, transfersInReview, type ReviewDecision } from '../domain/ledger/review';
import type { Transfer } from '../domain/ledger/transfers';
import { loadConfig } from '../integrations/config';
import { connectDatabase } from '../integrations/database';
import { setUpLedger } from '../integrations/ledgerSetup';
import { createLogger } from '../integrations/logger';

const USAGE = 'usage: review list | review decide <transfer id> post|void';

function describe(transfer: Transfer): string {
  const credits = transfer.credits.map((leg) => `${leg.account} ${formatFrancs(leg.amount)}`).join(', ');
  return [
    transfer._id,
    `  ${transfer.kind} of ${formatFrancs(transfer.total)} from ${transfer.debit} to ${credits}`,
    `  created ${transfer.createdAt.toISOString()}, expired ${transfer.expiresAt?.toISOString() ?? 'never'}`,
    `  why: ${transfer.reason ?? 'not recorded'}`,
  ].join('\n');
}

async function main(args: string[]): Promise<number> {
  const [command, transferId, decision, ...rest] = args;
  const deciding = command === 'decide' && transferId && REVIEW_DECISIONS.includes(decision as ReviewDecision);
  if (!(command === 'list' && !transferId) && !(deciding && rest.length === 0)) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  const database = await connectDatabase(config, createLogger({ level: 'warn' }));
  try {
    const { ledger } = await setUpLedger(database.connection);
    if (command === 'list') {
      const waiting = await transfersInReview(ledger);
      console.log(`${waiting.length} transfer(s) waiting for a decision`);
      for (const transfer of waiting) console.log(describe(transfer));
      return 0;
    }
    const result = await decideReview(ledger, transferId!, decision as ReviewDecision);
    if (!result.ok) {
      console.error(`refused: ${result.reason}${result.transfer ? ` (state ${result.transfer.state})` : ''}`);
      return 1;
    }
    console.log(`${transferId} is ${result.transfer.state}; the owner is told by the running workers`);
    return 0;
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
