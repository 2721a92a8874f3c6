/**
 * The replace batcher on the real store: writes made together travel together, and each one is still a whole
 * replace (or insert) of its own document.
 */
import { ReplaceBatcher } from '../../../integrations/mongo/replaceBatcher';
import { useTestDatabase } from '../../support/database';

const db = useTestDatabase();
const documents = () => db.connection.collection<{ _id: string; n?: number }>('replace_batcher_test');

it('inserts new documents and replaces existing ones, all written at once', async () => {
  const batcher = new ReplaceBatcher(db.connection.collection('replace_batcher_test'));
  await documents().insertOne({ _id: 'existing', n: 0, stale: true } as { _id: string });
  const ids = ['existing', ...Array.from({ length: 19 }, (_, i) => `new-${i}`)];
  await Promise.all(ids.map((id, n) => batcher.replace({ _id: id, n })));
  const stored = await documents().find({}).sort({ n: 1 }).toArray();
  expect(stored).toEqual(ids.map((id, n) => ({ _id: id, n })));
});

it('writes one of the racing versions of a new document, and fails none of its writers', async () => {
  const batcher = new ReplaceBatcher(db.connection.collection('replace_batcher_test'));
  const versions = Array.from({ length: 10 }, (_, n) => n);
  await Promise.all(versions.map((n) => batcher.replace({ _id: 'contested', n })));
  const stored = await documents().find({ _id: 'contested' }).toArray();
  expect(stored).toHaveLength(1);
  expect(versions).toContain(stored[0]!.n);
});

it('replaces more existing documents at once than FerretDB has connections, and the server keeps answering', async () => {
  // FerretDB v1 holds one PostgreSQL connection per replaced document until an update command ends, and needs one
  // more to write: a single command replacing 50 existing documents (its pool's size) froze the server for good.
  const batcher = new ReplaceBatcher(db.connection.collection('replace_batcher_test'));
  const ids = Array.from({ length: 120 }, (_, i) => `many-${i}`);
  await documents().insertMany(ids.map((_id) => ({ _id, n: -1 })));
  let timer: NodeJS.Timeout | undefined;
  const frozen = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('the replaces did not finish: the server is stuck')), 30_000);
  });
  try {
    await Promise.race([Promise.all(ids.map((_id, n) => batcher.replace({ _id, n }))), frozen]);
  } finally {
    clearTimeout(timer);
  }
  const stored = await documents()
    .find({ _id: { $in: ids } })
    .toArray();
  expect(new Map(stored.map((d) => [d._id, d.n]))).toEqual(new Map(ids.map((id, n) => [id, n])));
});
