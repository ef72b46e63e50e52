/**
 * Child process for the lake e2e tests: appends batches (10 rows each) to bronze.conc with a
 * txn marker (appId = worker id, version = batch), printing one line per committed batch.
 * Usage: lake-append-worker.ts <lake-uri> <worker-id> <batches|forever>
 */
import { openDuck } from '../main/duck/duck';
import { openLake } from '../main/lake/index';

const [uri, worker, count] = process.argv.slice(2);
if (!uri || !worker || !count) {
  process.stderr.write('usage: lake-append-worker.ts <lake-uri> <worker-id> <batches|forever>\n');
  process.exit(2);
}
const duck = await openDuck({ threads: 1 });
const lake = await openLake(uri);
const table = await lake.ensureTable({
  layer: 'bronze',
  name: 'conc',
  columns: [
    { name: 'worker', type: 'string' },
    { name: 'batch', type: 'long' },
    { name: 'row', type: 'long' },
  ],
  partitionBy: ['worker'],
});
const limit = count === 'forever' ? Number.MAX_SAFE_INTEGER : Number(count);
for (let batch = 0; batch < limit; batch++) {
  const r = await table.append(
    { duck, sql: `SELECT '${worker}' AS worker, ${batch}::BIGINT AS batch, range AS row FROM range(10)` },
    { txn: { appId: worker, version: batch } },
  );
  process.stdout.write(`${JSON.stringify({ worker, batch, committed: r.committed, version: r.version })}\n`);
}
duck.close();
