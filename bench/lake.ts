/**
 * `npm run bench:lake`: prints JSON.
 *  1. append of a 1M-row batch through the lake vs plain DuckDB COPY of the same query to Parquet
 *     (same run, same DuckDB settings; 5 runs each in alternating order; median and fastest).
 *  2. snapshot load of a 10,000-commit table from JSON commits only vs with a checkpoint.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { openDuck } from '../main/duck/duck';
import { closeLakeDuck, openLake } from '../main/lake/index';
import { commit } from '../main/lake/delta/commit';
import { writeCheckpoint } from '../main/lake/delta/checkpoint-write';
import { readLogState } from '../main/lake/delta/log-replay';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;

async function appendBench(dir: string): Promise<Record<string, unknown>> {
  const duck = await openDuck({ threads: 2 });
  const rows = 1_000_000;
  await duck.run(`CREATE TABLE src AS SELECT
      'SYM' || (i % 500) AS symbol,
      TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_microseconds(i * 1000) AS ts,
      (100 + (i % 10000) / 100)::DECIMAL(18,4) AS price,
      (i * 7919 % 100000)::BIGINT AS size,
      i::BIGINT AS id
    FROM range(${rows}) r(i)`);
  const sql = 'SELECT * FROM src';
  const lake = await openLake(path.join(dir, 'lake'));
  const table = await lake.ensureTable({
    layer: 'bronze',
    name: 'bench_trades',
    columns: [
      { name: 'symbol', type: 'string' },
      { name: 'ts', type: 'timestamp' },
      { name: 'price', type: 'decimal(18,4)' },
      { name: 'size', type: 'long' },
      { name: 'id', type: 'long' },
    ],
  });
  const copyMs: number[] = [];
  const appendMs: number[] = [];
  const runCopy = async (i: number): Promise<void> => {
    const t0 = process.hrtime.bigint();
    await duck.run(`COPY (${sql}) TO '${path.join(dir, `raw-${i}.parquet`)}' (FORMAT parquet, COMPRESSION snappy)`);
    copyMs.push(ms(t0));
  };
  const runAppend = async (): Promise<void> => {
    const t0 = process.hrtime.bigint();
    const r = await table.append({ duck, sql });
    appendMs.push(ms(t0));
    if (r.addedRows !== rows) throw new Error(`appended ${r.addedRows} rows, expected ${rows}`);
  };
  for (let i = 0; i < 5; i++) {
    // Alternate the order (ABBA...) so warm-up, caches and machine noise favour neither side.
    if (i % 2 === 0) {
      await runCopy(i);
      await runAppend();
    } else {
      await runAppend();
      await runCopy(i);
    }
  }
  duck.close();
  const copy = median(copyMs);
  const append = median(appendMs);
  return {
    rows,
    rawCopyMs: Math.round(copy),
    lakeAppendMs: Math.round(append),
    ratio: Number((append / copy).toFixed(3)),
    ratioOfFastest: Number((Math.min(...appendMs) / Math.min(...copyMs)).toFixed(3)),
    target: '<= 1.3',
    rawCopyRuns: copyMs.map(Math.round),
    lakeAppendRuns: appendMs.map(Math.round),
  };
}

async function snapshotBench(dir: string): Promise<Record<string, unknown>> {
  const commits = 10_000;
  const lake = await openLake(path.join(dir, 'snap'), { checkpointInterval: 1_000_000 });
  await lake.ensureTable({ layer: 'bronze', name: 'many', columns: [{ name: 'id', type: 'long' }, { name: 'day', type: 'date' }], partitionBy: ['day'] });
  const t = lake.table('bronze', 'many');
  // The log is what is measured: commits carry realistic add actions (stats, partition values)
  // written through the real commit path; the data files themselves are not needed for a snapshot.
  const build0 = process.hrtime.bigint();
  process.env.FDE_LAKE_NO_FSYNC = '1';
  for (let v = 1; v < commits; v++) {
    const day = `2024-01-${String((v % 28) + 1).padStart(2, '0')}`;
    await commit(t.store, {
      table: t.id,
      tableKey: t.tableKey,
      readVersion: v - 1,
      actions: [
        { txn: { appId: 'bench', version: v, lastUpdated: Date.now() } },
        {
          add: {
            path: `day=${day}/part-00000-${randomUUID()}-c000.snappy.parquet`,
            partitionValues: { day },
            size: 123_456,
            modificationTime: Date.now(),
            dataChange: true,
            stats: `{"numRecords":1000,"minValues":{"id":${v * 1000}},"maxValues":{"id":${v * 1000 + 999}},"nullCount":{"id":0}}`,
          },
        },
      ],
      operation: 'WRITE',
      operationParameters: { mode: 'Append' },
      isBlindAppend: true,
    });
  }
  delete process.env.FDE_LAKE_NO_FSYNC;
  const buildMs = ms(build0);
  const load = async (): Promise<number[]> => {
    const out: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = process.hrtime.bigint();
      const s = await readLogState(t.store, t.tableKey, t.id);
      out.push(ms(t0));
      if (s.version !== commits - 1 || s.files.size !== commits - 1) throw new Error(`bad snapshot ${s.version} / ${s.files.size}`);
    }
    return out;
  };
  const jsonOnly = await load();
  const ckpt0 = process.hrtime.bigint();
  await writeCheckpoint(t, commits - 10); // the newest multiple of 10 leaves 9 JSON commits to replay, as in steady state
  const checkpointWriteMs = ms(ckpt0);
  const withCheckpoint = await load();
  return {
    commits,
    buildMs: Math.round(buildMs),
    jsonOnlyMs: Math.round(median(jsonOnly)),
    withCheckpointMs: Math.round(median(withCheckpoint)),
    withCheckpointFirstMs: Math.round(withCheckpoint[0] as number),
    ratio: Number((median(withCheckpoint) / median(jsonOnly)).toFixed(3)),
    target: 'withCheckpointMs < 500',
    checkpointWriteMs: Math.round(checkpointWriteMs),
    jsonOnlyRuns: jsonOnly.map(Math.round),
    withCheckpointRuns: withCheckpoint.map(Math.round),
  };
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'fde-bench-lake-'));
try {
  const append = await appendBench(dir);
  const snapshot = await snapshotBench(dir);
  process.stdout.write(`${JSON.stringify({ bench: 'lake', cpus: os.cpus().length, node: process.version, append, snapshot }, null, 2)}\n`);
} finally {
  await closeLakeDuck();
  await rm(dir, { recursive: true, force: true });
}
