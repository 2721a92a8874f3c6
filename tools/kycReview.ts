/**
 * The back office's command for merchants' KYC submissions, on the same database as npm start:
 *   npm run kyc:list                                                      the submissions waiting, oldest first
 *   npm run kyc:save -- <document id> <file>                              writes a document's bytes to a file to look at
 *   npm run kyc:review -- <submission> approve|reject [--reason "..."] --by <reviewer>
 * A decision is taken once (a second one is refused with the one that stands); a rejection needs a reason, which
 * the owner reads in chat. Approval raises the merchant's KYC level and makes it active. Exits 0 when done, 1 when
 * refused, 2 on bad usage.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { KycDocuments } from '../domain/merchants/kyc/kycDocuments';
import { KycReview } from '../domain/merchants/kyc/kycReview';
import type { KycSubmission } from '../domain/merchants/kyc/kycSubmission';
import { Merchants } from '../domain/merchants/merchants';
import { loadConfig } from '../integrations/config';
import { connectDatabase } from '../integrations/database';
import { setUpLedger } from '../integrations/ledgerSetup';
import { createLogger } from '../integrations/logger';
import { ensureKycIndexes, MongoKycStore } from '../integrations/mongo/kycStore';
import { MongoMerchantStore } from '../integrations/mongo/merchantStore';
import { ensureOutboxIndexes, MongoOutbox } from '../integrations/mongo/outbox';

const USAGE = [
  'usage: kycReview list',
  '       kycReview save <document id> <file>',
  '       kycReview review <submission> approve|reject [--reason "..."] --by <reviewer>',
].join('\n');

const OUTCOMES: Readonly<Record<string, 'approved' | 'rejected'>> = { approve: 'approved', reject: 'rejected' };

type Command =
  | { name: 'list' }
  | { name: 'save'; documentId: string; file: string }
  | { name: 'review'; submissionId: string; outcome: 'approved' | 'rejected'; reason: string | null; by: string };

function parse(args: string[]): Command | null {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { reason: { type: 'string' }, by: { type: 'string' } },
    });
  } catch {
    return null;
  }
  const [name, first, second, ...rest] = parsed.positionals;
  const { reason, by } = parsed.values;
  if (rest.length > 0) return null;
  if (name === 'list' && !first && reason === undefined && by === undefined) return { name };
  if (name === 'save' && first && second && reason === undefined && by === undefined) {
    return { name, documentId: first, file: second };
  }
  const outcome = second === undefined ? undefined : OUTCOMES[second];
  if (name === 'review' && first && outcome && by) {
    return { name, submissionId: first, outcome, reason: reason ?? null, by };
  }
  return null;
}

function describe(submission: KycSubmission, merchantName: string): string {
  const documents = Object.entries(submission.documents).map(([type, id]) => `    ${type}: ${id}`);
  return [
    submission._id,
    `  ${merchantName} (${submission.merchantId}) asks for ${submission.level}`,
    `  submitted ${submission.submittedAt.toISOString()}`,
    ...documents,
  ].join('\n');
}

async function main(args: string[]): Promise<number> {
  const command = parse(args);
  if (!command) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  const database = await connectDatabase(config, createLogger({ level: 'warn' }));
  try {
    const connection = database.connection;
    await Promise.all([ensureKycIndexes(connection), ensureOutboxIndexes(connection)]);
    const { ledger } = await setUpLedger(connection);
    // This tool never opens a merchant, so it needs nobody's profile.
    const merchants = new Merchants({
      store: new MongoMerchantStore(connection),
      ledger,
      users: { find: async () => null },
    });
    const store = new MongoKycStore(connection);
    const review = new KycReview({ store, merchants, notifier: new MongoOutbox(connection) });

    if (command.name === 'list') {
      const waiting = await review.pending();
      console.log(`${waiting.length} KYC submission(s) waiting for a decision`);
      for (const submission of waiting) {
        const merchant = await merchants.get(submission.merchantId);
        console.log(describe(submission, merchant?.name ?? 'unknown merchant'));
      }
      return 0;
    }
    if (command.name === 'save') {
      const document = await store.getDocument(command.documentId);
      const read = document && (await new KycDocuments({ store, merchants }).read(document.merchantId, document._id));
      if (!read) {
        console.error('refused: DOCUMENT_NOT_FOUND');
        return 1;
      }
      await writeFile(command.file, read.bytes, { flag: 'wx' });
      console.log(
        `${read.document.type} (${read.document.contentType}, ${read.document.size} bytes) saved to ${command.file}`,
      );
      return 0;
    }
    const result = await review.decide({
      submissionId: command.submissionId,
      outcome: command.outcome,
      reason: command.reason,
      reviewer: command.by,
    });
    if (!result.ok) {
      const standing =
        result.reason === 'ALREADY_DECIDED'
          ? ` (${result.decision.outcome} by ${result.decision.reviewer} at ${result.decision.decidedAt.toISOString()})`
          : '';
      console.error(`refused: ${result.reason}${standing}`);
      return 1;
    }
    const { merchant } = result;
    console.log(
      `${command.submissionId} ${result.decision.outcome}; ${merchant._id} is ${merchant.status} at KYC level ${merchant.kycLevel}; the owner is told in chat`,
    );
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
