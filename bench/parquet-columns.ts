/**
 * `npm run bench:parquet`: prints JSON with the encode speed of encodeParquetColumns for 300k
 * rows x 12 trade-like columns (encode only, no file I/O; inputs built once; 5 warm-up runs,
 * then 25 timed runs, median and fastest). Baseline in the same run: DuckDB writing the same
 * rows from a table in memory to a Parquet file (snappy, as the lake's COPY does), the step
 * the ingest used before it wrote Parquet itself.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDuck } from '../main/duck/duck';
import { encodeParquetColumns, type ParquetColumn } from '../main/lake/write/parquet-columns';

const ROWS = 300_000;
const WARMUP = 5;
const RUNS = 25;

let seed = 42;
const rand = (): number => {
  seed = (seed * 1_103_515_245 + 12_345) >>> 0;
  return seed / 4_294_967_296;
};

const dictionary = (size: number, prefix: string): string[] => Array.from({ length: size }, (_, i) => `${prefix}${i}`);
const indices = (size: number, nullShare = 0): Int32Array => Int32Array.from({ length: ROWS }, () => (rand() < nullShare ? -1 : Math.floor(rand() * size)));

/** Int64 values filled the way the ingest fills them: [lo, hi] int32 pairs. */
function int64s(start: number, step: number): BigInt64Array {
  const out = new BigInt64Array(ROWS);
  const words = new Int32Array(out.buffer);
  for (let i = 0; i < ROWS; i++) {
    const v = start + i * step + Math.floor(rand() * step);
    words[2 * i] = v % 2 ** 32 | 0;
    words[2 * i + 1] = Math.floor(v / 2 ** 32);
  }
  return out;
}

function columns(): ParquetColumn[] {
  const tsStart = 1_717_000_000_000_000;
  return [
    { name: 'symbol', kind: 'string', indices: indices(500), dictionary: dictionary(500, 'SYM') },
    { name: 'ts', kind: 'int64', logical: 'timestamp-micros', values: int64s(tsStart, 50) },
    { name: 'price', kind: 'double', values: Float64Array.from({ length: ROWS }, () => 100 + rand() * 400) },
    { name: 'size', kind: 'double', values: Float64Array.from({ length: ROWS }, () => Math.ceil(rand() * 500)) },
    { name: 'trade_id', kind: 'int64', values: int64s(9_000_000_000_000, 3) },
    { name: 'exchange', kind: 'string', indices: indices(20), dictionary: dictionary(20, 'X') },
    { name: 'conditions', kind: 'string', indices: indices(60, 0.2), dictionary: dictionary(60, '@,') },
    { name: 'tape', kind: 'string', indices: indices(3), dictionary: ['A', 'B', 'C'] },
    { name: 'received_at', kind: 'int64', logical: 'timestamp-micros', values: int64s(tsStart + 2_000, 50) },
    { name: 'ts_ns', kind: 'int64', values: int64s(tsStart * 1000, 50_000) },
    {
      name: 'vwap',
      kind: 'double',
      values: Float64Array.from({ length: ROWS }, () => 100 + rand() * 400),
      nulls: Uint8Array.from({ length: ROWS }, () => (rand() < 0.1 ? 1 : 0)),
    },
    { name: 'source', kind: 'string', indices: new Int32Array(ROWS), dictionary: ['stream'] },
  ];
}

/** Median ms of DuckDB COPYing the encoded rows (loaded into a table first) to a new Parquet file. */
async function duckdbBaseline(encoded: Buffer): Promise<number> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fde-bench-parquet-'));
  const duck = await openDuck({ threads: 2 });
  try {
    const source = path.join(dir, 'source.parquet');
    writeFileSync(source, encoded);
    await duck.run(`CREATE TABLE rows AS SELECT * FROM read_parquet('${source}')`);
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t0 = process.hrtime.bigint();
      await duck.run(`COPY rows TO '${path.join(dir, `out-${i}.parquet`)}' (FORMAT parquet, COMPRESSION snappy)`);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    return times.sort((a, b) => a - b)[3] as number;
  } finally {
    duck.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const input = { rows: ROWS, columns: columns(), required: new Set(['symbol', 'ts', 'price', 'size', 'trade_id', 'source']) };
  let bytes = 0;
  for (let i = 0; i < WARMUP; i++) bytes = encodeParquetColumns(input).length;
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    encodeParquetColumns(input);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(RUNS / 2)] as number;
  const fastest = times[0] as number;
  const perRow = (ms: number): number => Number(((ms * 1000) / ROWS).toFixed(4));
  const perSecond = (ms: number): number => Math.round(ROWS / (ms / 1000));
  const baselineMs = await duckdbBaseline(encodeParquetColumns(input));
  console.log(
    JSON.stringify(
      {
        rows: ROWS,
        columns: input.columns.length,
        fileBytes: bytes,
        medianMs: Number(median.toFixed(2)),
        fastestMs: Number(fastest.toFixed(2)),
        rowsPerSecondMedian: perSecond(median),
        usPerRowMedian: perRow(median),
        rowsPerSecondFastest: perSecond(fastest),
        usPerRowFastest: perRow(fastest),
        baselineDuckdbCopyMedianMs: Number(baselineMs.toFixed(2)),
        baselineUsPerRow: perRow(baselineMs),
        speedupVsDuckdbCopy: Number((baselineMs / median).toFixed(2)),
        loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
        cpus: os.cpus().length,
        node: process.version,
      },
      null,
      2,
    ),
  );
}

await main();
