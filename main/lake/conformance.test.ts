/**
 * Reader conformance against Delta tables written by Spark / delta-rs (test-fixtures/, copied
 * from the shared conformance set; see test-fixtures/SOURCES.md for the expected outcomes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDuck, type Duck } from '../duck/duck';
import { openTablePath } from './index';
import { viewSqlFor } from './lake';
import { buildViewSql } from './attach';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'test-fixtures');
const tablePath = (name: string): string => path.join(FIXTURES, name, 'delta');

let duck: Duck;
beforeAll(async () => {
  duck = await openDuck({ threads: 2 });
});
afterAll(() => duck.close());

/** Rows of a view as sorted JSON text (an unordered multiset compare). */
async function rowsOf(sql: string): Promise<string[]> {
  const r = await duck.json(`SELECT * FROM (${sql})`);
  return r.rows.map((row) => JSON.stringify(row)).sort();
}

/** The `expected/` Parquet read with the table's schema (Spark's physical types normalised). */
async function expectedRows(name: string): Promise<string[]> {
  const table = await openTablePath(tablePath(name));
  const state = await table.state();
  const dir = path.join(FIXTURES, name, 'expected');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.parquet')).map((f) => ({ localPath: path.join(dir, f), partitionValues: {} }));
  return rowsOf(await buildViewSql(name, state.schema.fields, [], files));
}

const WITH_EXPECTED: Array<[string, number]> = [
  ['data-reader-primitives', 11],
  ['basic-decimal-table', 4],
  ['kernel-timestamp-int96', 5],
  ['data-reader-nested-struct', 10],
  ['data-skipping-basic-stats-all-types', 1],
  ['basic-with-inserts-overwrite-restore', 200],
  ['basic-with-inserts-deletes-checkpoint', 41],
  ['only-checkpoint-files', 25],
  ['log-replay-latest-metadata-protocol', 40],
  ['time-travel-schema-changes-b', 20],
  // Section B allows "refuse, or support": supported (reader feature timestampNtz -> DuckDB TIMESTAMP).
  ['data-reader-timestamp_ntz', 9],
];

describe('section A: tables read to exactly the expected rows', () => {
  it.each(WITH_EXPECTED)('%s (%i rows)', async (name, count) => {
    const table = await openTablePath(tablePath(name));
    const actual = await rowsOf(await viewSqlFor(table));
    const expected = await expectedRows(name);
    expect(actual).toHaveLength(count);
    expect(actual).toEqual(expected);
  });

  it('basic_partitioned: null partition and 2 commits', async () => {
    const table = await openTablePath(tablePath('basic_partitioned'));
    const r = await duck.json(`SELECT letter, number, a_float FROM (${await viewSqlFor(table)}) ORDER BY letter NULLS FIRST, number`);
    expect(r.rows.map((x) => [x.letter, x.number, x.a_float])).toEqual([
      [null, '6', 6.6],
      ['a', '1', 1.1],
      ['a', '4', 4.4],
      ['b', '2', 2.2],
      ['c', '3', 3.3],
      ['e', '5', 5.5],
    ]);
  });

  it('simple_table: version 4, 5 live files, ids 5 7 9, .tmp leftover ignored', async () => {
    const table = await openTablePath(tablePath('simple_table'));
    const snap = await table.snapshot();
    expect(snap.version).toBe(4);
    expect(snap.files.map((f) => f.path.slice(0, 24)).sort()).toEqual([
      'part-00000-2befed33-c358',
      'part-00000-c1777d7d-89d9',
      'part-00001-7891c33d-cedc',
      'part-00004-315835fe-fb44',
      'part-00007-3a0e4727-de0d',
    ]);
    const r = await duck.json(`SELECT id FROM (${await viewSqlFor(table)}) ORDER BY id`);
    expect(r.rows.map((x) => x.id)).toEqual(['5', '7', '9']);
  });

  it('data-skipping-basic-stats-all-types: JSON stats are parsed', async () => {
    const snap = await (await openTablePath(tablePath('data-skipping-basic-stats-all-types'))).snapshot();
    expect(snap.numRecords).toBe(1);
    expect(snap.files[0]?.stats?.nullCount).toBeDefined();
    expect(Object.keys(snap.files[0]?.stats?.minValues ?? {}).length).toBeGreaterThan(3);
  });

  it('with_checkpoint_no_last_checkpoint: finds the checkpoint by listing', async () => {
    const table = await openTablePath(tablePath('with_checkpoint_no_last_checkpoint'));
    const state = await table.state();
    expect(state.version).toBe(3);
    expect(state.checkpointVersion).toBe(2);
    expect([...state.files.keys()]).toEqual(['part-00000-70b1dcdf-0236-4f63-a072-124cdbafd8a0-c000.snappy.parquet']);
  });

  it.each(['app-txn-no-checkpoint', 'app-txn-checkpoint'])('%s: latest txn per appId', async (name) => {
    const table = await openTablePath(tablePath(name));
    const snap = await table.snapshot();
    expect(snap.appTxns).toEqual({ 'my-app': 3, 'my-app2': 2 });
  });

  it('reads older versions (time travel) of a checkpointed table', async () => {
    const table = await openTablePath(tablePath('basic-with-inserts-deletes-checkpoint'));
    const v0 = await table.state({ version: 0 });
    expect(v0.version).toBe(0);
    expect(v0.checkpointVersion).toBeUndefined();
    const latest = await table.state();
    expect(latest.checkpointVersion).toBe(10);
    await expect(table.state({ version: latest.version + 1 })).rejects.toThrow(/version \d+ does not exist \(latest is \d+\)/);
  });
});

describe('section B: refused with a clear error', () => {
  const cases: Array<[string, RegExp]> = [
    ['table-with-dv-small', /unsupported Delta feature 'deletionVectors'/],
    ['table-with-columnmapping-mode-name', /unsupported Delta feature 'columnMapping'/],
    ['deltalog-invalid-protocol-version', /unsupported Delta feature 'minReaderVersion 99'/],
    ['deltalog-state-reconstruction-without-protocol', /corrupt log: no protocol action/],
    ['versions-not-contiguous', /versions not contiguous: commit 1 is missing/],
    ['no-delta-log-folder', /not a Delta table/],
  ];
  it.each(cases)('%s', async (name, message) => {
    const table = await openTablePath(tablePath(name));
    await expect(table.snapshot()).rejects.toThrow(message);
  });
});
