/**
 * The ledger's collections as mongoose schemas: their shape and, above all, their indexes. The unique indexes
 * are what decide every race (docs/ledger.md); `ensureLedgerIndexes` creates them and waits before any traffic.
 * FerretDB v1 has no partial or TTL indexes, so none are used.
 */
import { Schema, type Connection } from 'mongoose';
import { recordMinutesCarriedFrom, type StringIdCollection } from './transferMinutes';

const counters = {
  debitsPending: Number,
  debitsPosted: Number,
  creditsPending: Number,
  creditsPosted: Number,
};

const accountSchema = new Schema(
  {
    _id: String,
    type: { type: String, required: true },
    ownerId: { type: String, default: null },
    status: { type: String, required: true },
    debitsMustNotExceedCredits: { type: Boolean, required: true },
    kycTier: { type: String, default: null },
    lanes: { type: Number, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'ledger_accounts' },
);

const transferSchema = new Schema(
  {
    _id: String,
    requestHash: String,
    kind: String,
    debit: String,
    credits: [{ _id: false, account: String, amount: Number }],
    total: Number,
    mode: String,
    expiresAt: Date,
    rail: String,
    onExpiry: String,
    refundOf: String,
    memo: String,
    shortReference: String,
    createdAt: Date,
    createdMinute: Date,
  },
  { versionKey: false, collection: 'ledger_transfers' },
);
// Recovery reads single transfers by creation time after its checkpoint, minute by minute in its usual pass
// (FerretDB v1 pushes that equality down), by range over a longer window or older records (FerretDB v1 decodes them
// all then).
transferSchema.index({ mode: 1, createdMinute: 1, createdAt: 1 });
transferSchema.index({ mode: 1, createdAt: 1 });

// The state of pending transfers still open (received, held, needs review): small, so updating it is cheap even on
// FerretDB v1, which scans a collection for every update; recovery reads its work from here.
const openTransferSchema = new Schema(
  { _id: String, state: String, reason: String, updatedAt: Date, openedAt: Date },
  { versionKey: false, collection: 'ledger_open_transfers' },
);
openTransferSchema.index({ state: 1 });

// How each finished pending transfer ended: insert-once, never updated.
const settlementSchema = new Schema(
  { _id: String, state: String, reason: String, updatedAt: Date },
  { versionKey: false, collection: 'ledger_settlements' },
);

const entrySchema = new Schema(
  {
    _id: String,
    chainKey: { type: String, required: true },
    chain: String,
    account: String,
    lane: Number,
    seq: Number,
    page: Number,
    transferId: String,
    side: String,
    phase: String,
    amount: Number,
    counters,
    spending: { day: String, dayOut: Number, month: String, monthOut: Number },
    rejected: String,
    at: Date,
  },
  { versionKey: false, collection: 'ledger_entries' },
);
// One entry per chain slot: the insert that takes `<chain>#<seq>` decides the race for it.
entrySchema.index({ chainKey: 1 }, { unique: true });
// A page of a chain by equality: how heads and history are read without sorting the whole chain (MongoDB).
entrySchema.index({ chain: 1, page: 1 });
// An account's entries over a period (`npm run reconcile`), so MongoDB need not scan the journal for them.
entrySchema.index({ account: 1, at: 1 });

const resolutionSchema = new Schema(
  { _id: String, outcome: String, at: Date, confirmedBy: String },
  { versionKey: false, collection: 'ledger_resolutions' },
);

// Recovery's progress: before `at`, every single transfer is known to be over.
const checkpointSchema = new Schema({ _id: String, at: Date }, { versionKey: false, collection: 'ledger_checkpoints' });

const chainHintSchema = new Schema(
  { _id: String, page: Number },
  { versionKey: false, collection: 'ledger_chain_hints' },
);

/** Registers the ledger's models on a connection (idempotent). */
export function ledgerModels(connection: Connection) {
  const model = <T extends Schema>(name: string, schema: T) =>
    connection.models[name] ?? connection.model(name, schema, undefined, { overwriteModels: false });
  return {
    accounts: model('LedgerAccount', accountSchema),
    transfers: model('LedgerTransfer', transferSchema),
    entries: model('LedgerEntry', entrySchema),
    resolutions: model('LedgerResolution', resolutionSchema),
    chainHints: model('LedgerChainHint', chainHintSchema),
    openTransfers: model('LedgerOpenTransfer', openTransferSchema),
    settlements: model('LedgerSettlement', settlementSchema),
    checkpoints: model('LedgerCheckpoint', checkpointSchema),
  };
}

/**
 * Creates every ledger index and waits for it, and records from when transfers carry their creation minute (once
 * per database): run before serving traffic.
 */
export async function ensureLedgerIndexes(connection: Connection): Promise<void> {
  const models = ledgerModels(connection);
  for (const model of Object.values(models)) await model.createIndexes();
  await recordMinutesCarriedFrom(
    models.checkpoints.collection as unknown as StringIdCollection,
    models.transfers.collection as unknown as StringIdCollection,
  );
}
