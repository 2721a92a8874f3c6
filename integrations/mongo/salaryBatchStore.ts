/**
 * Merchant salary batches on MongoDB / FerretDB: batches, their lines, steps, attempts, claims and outcomes, each
 * under a unique `_id`, so every race is decided by an insert (E11000: someone else won, read theirs). The only
 * updates refresh cached states (a batch's, an attempt's) and decide nothing.
 */
import { Schema, type Connection, type mongo } from 'mongoose';
import type { InsertResult } from '../../domain/ledger/ledgerStore';
import type {
  SalaryAttempt,
  SalaryAttemptOutcome,
  SalaryBatch,
  SalaryBatchState,
  SalaryBatchStep,
  SalaryLine,
  SalaryLineStatus,
} from '../../domain/merchants/salaries/salaryBatch';
import type { SalaryBatchStore, SalaryClaim } from '../../domain/merchants/salaries/salaryBatchStore';
import { isDuplicateKeyError } from './insertBatcher';

/** Lines per insertMany: a 5 000-line batch in a few round trips, each well below a message's size limit. */
const LINES_PER_INSERT = 500;

const loose = (collection: string) => new Schema({ _id: String }, { versionKey: false, strict: false, collection });

const batchSchema = loose('salary_batches');
batchSchema.index({ state: 1 });
// A merchant's batches newest first, paged by (createdAt, _id): the dashboard's and the API's list.
batchSchema.index({ merchantId: 1, createdAt: -1, _id: -1 });
const lineSchema = loose('salary_lines');
lineSchema.index({ batchId: 1, line: 1 });
const stepSchema = loose('salary_batch_steps');
stepSchema.index({ batchId: 1 });
const attemptSchema = loose('salary_attempts');
attemptSchema.index({ batchId: 1 });
const claimSchema = loose('salary_attempt_claims');
const outcomeSchema = loose('salary_attempt_outcomes');

/** Registers the salary batch models on a connection (idempotent). */
export function salaryBatchModels(connection: Connection) {
  const model = (name: string, schema: Schema) => connection.models[name] ?? connection.model(name, schema);
  return {
    batches: model('SalaryBatch', batchSchema),
    lines: model('SalaryLine', lineSchema),
    steps: model('SalaryBatchStep', stepSchema),
    attempts: model('SalaryAttempt', attemptSchema),
    claims: model('SalaryAttemptClaim', claimSchema),
    outcomes: model('SalaryAttemptOutcome', outcomeSchema),
  };
}

/** Creates the salary batch indexes and waits for them: run before serving traffic. */
export async function ensureSalaryBatchIndexes(connection: Connection): Promise<void> {
  for (const model of Object.values(salaryBatchModels(connection))) await model.createIndexes();
}

async function insertOnce<T extends { _id: string }>(collection: mongo.Collection<T>, doc: T): Promise<InsertResult> {
  try {
    await collection.insertOne({ ...doc } as mongo.OptionalUnlessRequiredId<T>);
    return 'inserted';
  } catch (error) {
    if (isDuplicateKeyError(error)) return 'duplicate';
    throw error;
  }
}

/** The document without anything the store adds, in the port's shape. */
function plain<T>(doc: mongo.WithId<T> | T | null): T | null {
  return doc === null ? null : ({ ...doc } as T);
}

/** The SalaryBatchStore port on a mongoose connection. */
export class MongoSalaryBatchStore implements SalaryBatchStore {
  private readonly batches: mongo.Collection<SalaryBatch>;
  private readonly lines: mongo.Collection<SalaryLine>;
  private readonly steps: mongo.Collection<SalaryBatchStep>;
  private readonly attempts: mongo.Collection<SalaryAttempt>;
  private readonly claims: mongo.Collection<SalaryClaim>;
  private readonly outcomes: mongo.Collection<SalaryAttemptOutcome>;

  constructor(connection: Connection) {
    const models = salaryBatchModels(connection);
    this.batches = models.batches.collection as unknown as mongo.Collection<SalaryBatch>;
    this.lines = models.lines.collection as unknown as mongo.Collection<SalaryLine>;
    this.steps = models.steps.collection as unknown as mongo.Collection<SalaryBatchStep>;
    this.attempts = models.attempts.collection as unknown as mongo.Collection<SalaryAttempt>;
    this.claims = models.claims.collection as unknown as mongo.Collection<SalaryClaim>;
    this.outcomes = models.outcomes.collection as unknown as mongo.Collection<SalaryAttemptOutcome>;
  }

  insertBatch(batch: SalaryBatch): Promise<InsertResult> {
    return insertOnce(this.batches, batch);
  }

  async getBatch(id: string): Promise<SalaryBatch | null> {
    return plain(await this.batches.findOne({ _id: id }));
  }

  async batchesIn(states: SalaryBatchState[], limit: number): Promise<SalaryBatch[]> {
    return (
      await this.batches
        .find({ state: { $in: states } })
        .limit(limit)
        .toArray()
    ).map((doc) => plain(doc)!);
  }

  async batchesOf(
    merchantId: string,
    options: { limit: number; before?: { createdAt: Date; _id: string } },
  ): Promise<SalaryBatch[]> {
    const filter: mongo.Filter<SalaryBatch> = { merchantId };
    if (options.before) {
      const { createdAt, _id } = options.before;
      filter.$or = [{ createdAt: { $lt: createdAt } }, { createdAt, _id: { $lt: _id } }];
    }
    const docs = await this.batches.find(filter).sort({ createdAt: -1, _id: -1 }).limit(options.limit).toArray();
    return docs.map((doc) => plain(doc)!);
  }

  async setBatchState(id: string, state: SalaryBatchState): Promise<void> {
    await this.batches.updateOne({ _id: id }, { $set: { state } });
  }

  async insertLines(lines: SalaryLine[]): Promise<void> {
    for (let start = 0; start < lines.length; start += LINES_PER_INSERT)
      await this.insertSomeLines(lines.slice(start, start + LINES_PER_INSERT));
  }

  private async insertSomeLines(lines: SalaryLine[]): Promise<void> {
    try {
      // Unordered: a retry after a crash inserts the lines that are missing, the others are duplicates.
      await this.lines.insertMany(lines.map((line) => ({ ...line })) as mongo.OptionalUnlessRequiredId<SalaryLine>[], {
        ordered: false,
      });
    } catch (error) {
      const writeErrors = (error as { writeErrors?: unknown[] }).writeErrors;
      const onlyDuplicates =
        isDuplicateKeyError(error) &&
        (!Array.isArray(writeErrors) || writeErrors.every((one) => isDuplicateKeyError(one)));
      if (!onlyDuplicates) throw error;
    }
  }

  async linesOf(batchId: string): Promise<SalaryLine[]> {
    return (await this.lines.find({ batchId }).sort({ line: 1 }).toArray()).map((doc) => plain(doc)!);
  }

  insertStep(step: SalaryBatchStep): Promise<InsertResult> {
    return insertOnce(this.steps, step);
  }

  async stepsOf(batchId: string): Promise<SalaryBatchStep[]> {
    return (await this.steps.find({ batchId }).toArray()).map((doc) => plain(doc)!);
  }

  insertAttempt(attempt: SalaryAttempt): Promise<InsertResult> {
    return insertOnce(this.attempts, attempt);
  }

  async attemptsOf(batchId: string): Promise<SalaryAttempt[]> {
    return (await this.attempts.find({ batchId }).toArray()).map((doc) => plain(doc)!);
  }

  async setAttemptState(id: string, state: SalaryLineStatus, reason: string | null): Promise<void> {
    await this.attempts.updateOne({ _id: id }, { $set: { state, reason } });
  }

  async insertClaim(claim: SalaryClaim): Promise<SalaryClaim> {
    await insertOnce(this.claims, claim);
    const standing = plain(await this.claims.findOne({ _id: claim._id }));
    if (!standing) throw new Error(`salary claim ${claim._id} not found after its insert`);
    return standing;
  }

  async insertOutcome(outcome: SalaryAttemptOutcome): Promise<SalaryAttemptOutcome> {
    await insertOnce(this.outcomes, outcome);
    const standing = await this.getOutcome(outcome._id);
    if (!standing) throw new Error(`salary outcome ${outcome._id} not found after its insert`);
    return standing;
  }

  async getOutcome(attemptId: string): Promise<SalaryAttemptOutcome | null> {
    return plain(await this.outcomes.findOne({ _id: attemptId }));
  }
}
