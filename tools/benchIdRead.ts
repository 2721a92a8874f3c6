/**
 * What one read by `_id` costs on the benchmarks' FerretDB as its collection grows: documents shaped like sessions
 * (about 600 bytes) are inserted in steps, and after each step one client reads random documents by `_id`, one at
 * a time, so the figure is a round trip, not a queue. With `--gin` a GIN index on `(_jsonb->'_id')` is then added
 * to the PostgreSQL table under the collection and the reads are timed again.
 *
 * Why the question: FerretDB v1 (PostgreSQL backend) pushes an `_id` filter down as `_jsonb->'_id' @> $value`,
 * which the btree index it keeps on `(_jsonb->'_id')` cannot serve, so every read by `_id` scans the table.
 *
 * `--rewrites N` replaces every document N times before the reads, as turns rewrite sessions.
 *
 *   npx tsx tools/benchIdRead.ts [--sizes 100,1000,5000] [--reads 300] [--rewrites 0] [--gin]
 */
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import { Cleanups, startBenchDatabase } from './bench/database';
import { percentile } from './bench/percentile';

const log = (message: string) => process.stderr.write(`[id-read] ${message}\n`);

function psqlRows(url: string, sql: string): string[] {
  return execFileSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-Atc', sql], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.length > 0);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '100,1000,5000' },
      reads: { type: 'string', default: '300' },
      gin: { type: 'boolean', default: false },
      rewrites: { type: 'string', default: '0' },
    },
  });
  const sizes = values.sizes.split(',').map(Number);
  const reads = Number(values.reads);
  const rewrites = Number(values.rewrites);
  const cleanups = new Cleanups(log);
  try {
    const database = await startBenchDatabase({ backend: 'postgresql', uri: null }, cleanups);
    if (!database.postgresDatabase) throw new Error('needs the PostgreSQL backend');
    const adminUrl = process.env.BENCH_POSTGRES_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const pgUrl = adminUrl.replace(/\/[^/]*$/, `/${database.postgresDatabase}`);
    const connection = await mongoose.createConnection(database.uri, { dbName: 'id_read' }).asPromise();
    cleanups.push('close connection', () => connection.close());
    const sessions = connection.collection<{ _id: string; snapshot: string; n: number }>('sessions');
    const snapshot = JSON.stringify({ value: 'idle', context: { pad: 'x'.repeat(520) } });

    const timeReads = async (size: number): Promise<{ mean: number; p50: number; p99: number }> => {
      const ms: number[] = [];
      for (let i = 0; i < reads; i += 1) {
        const id = `2376770${String(Math.floor(Math.random() * size)).padStart(5, '0')}`;
        const started = performance.now();
        const found = await sessions.findOne({ _id: id });
        ms.push(performance.now() - started);
        if (!found) throw new Error(`document ${id} not found`);
      }
      ms.sort((a, b) => a - b);
      const round = (n: number) => Math.round(n * 100) / 100;
      return {
        mean: round(ms.reduce((a, b) => a + b, 0) / ms.length),
        p50: round(percentile(ms, 50)),
        p99: round(percentile(ms, 99)),
      };
    };

    console.log('documents  index          mean ms  p50 ms  p99 ms');
    let inserted = 0;
    for (const size of sizes) {
      const docs = [];
      for (; inserted < size; inserted += 1) {
        docs.push({ _id: `2376770${String(inserted).padStart(5, '0')}`, snapshot, n: inserted });
      }
      if (docs.length > 0) await sessions.insertMany(docs);
      // Sessions are rewritten on every turn: each rewrite leaves a dead row in PostgreSQL until a vacuum.
      for (let round = 0; round < rewrites; round += 1) {
        for (let first = 0; first < size; first += 16) {
          const ids = Array.from({ length: Math.min(16, size - first) }, (_, k) => first + k);
          await sessions.bulkWrite(
            ids.map((n) => {
              const _id = `2376770${String(n).padStart(5, '0')}`;
              return { replaceOne: { filter: { _id }, replacement: { _id, snapshot, n: n + round } } };
            }),
          );
        }
      }
      const plain = await timeReads(size);
      console.log(`${String(size).padStart(9)}  FerretDB's    ${[plain.mean, plain.p50, plain.p99].join('  ')}`);
      if (values.gin) {
        const [table] = psqlRows(
          pgUrl,
          "select format('%I.%I', schemaname, tablename) from pg_tables where schemaname = 'id_read' and tablename like 'sessions%'",
        );
        psqlRows(pgUrl, `create index if not exists sessions_id_gin on ${table} using gin ((_jsonb->'_id'))`);
        const gin = await timeReads(size);
        console.log(`${String(size).padStart(9)}  + GIN on _id   ${[gin.mean, gin.p50, gin.p99].join('  ')}`);
        psqlRows(pgUrl, `drop index id_read.sessions_id_gin`);
      }
    }
  } finally {
    await cleanups.run();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    log(`failed: ${String(error)}`);
    process.exit(1);
  },
);
