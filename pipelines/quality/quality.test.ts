import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindChecks, compileCheck } from './compile';
import { evaluateAnomaly, evaluateCheck } from './evaluate';
import { checkSchema, type CheckInput } from './types';

let instance: DuckDBInstance;
let conn: DuckDBConnection;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  conn = await instance.connect();
  await conn.run(`CREATE TABLE t AS SELECT * FROM (VALUES
    (1, 'a', 10.0, 'x', TIMESTAMP '2024-01-01 00:00:00'),
    (2, 'b', -1.0, 'y', TIMESTAMP '2024-01-02 00:00:00'),
    (2, 'b', 5.0, 'z', TIMESTAMP '2024-01-03 00:00:00'),
    (3, NULL, 7.0, 'x', TIMESTAMP '2024-01-03 12:00:00')) v(id, name, price, kind, ts)`);
  await conn.run(`CREATE TABLE parent AS SELECT * FROM (VALUES ('a'), ('b')) v(name)`);
});
afterAll(() => {
  conn.closeSync();
  instance.closeSync();
});

async function measure(input: CheckInput, history: number[] = []) {
  const check = checkSchema.parse(input);
  const [bound] = bindChecks('t', [check]);
  const sql = compileCheck(check, { relation: 't', resolve: (m) => m, nowSql: "TIMESTAMP '2024-01-04 00:00:00'" });
  const reader = await conn.runAndReadAll(sql);
  const row = reader.getRowObjectsJS()[0] as { failures: bigint; observed: number | null };
  return evaluateCheck(bound!, { failures: Number(row.failures), observed: row.observed }, history);
}

describe('checks compile to SQL that finds the failing rows', () => {
  it('not_null, unique (single and combined), accepted_values', async () => {
    expect(await measure({ type: 'not_null', column: 'name' })).toMatchObject({ status: 'fail', failures: 1 });
    expect(await measure({ type: 'not_null', column: 'kind' })).toMatchObject({ status: 'pass' });
    expect(await measure({ type: 'unique', columns: ['id'] })).toMatchObject({ status: 'fail', failures: 2 });
    expect(await measure({ type: 'unique', columns: ['id', 'kind'] })).toMatchObject({ status: 'pass' });
    expect(await measure({ type: 'accepted_values', column: 'kind', values: ['x', 'y'], severity: 'warn' })).toMatchObject({ status: 'warn', failures: 1 });
  });

  it('relationships, range (inclusive and exclusive), expression with where', async () => {
    expect(await measure({ type: 'relationships', column: 'name', to: 'parent', field: 'name' })).toMatchObject({ status: 'pass' });
    await conn.run(`DELETE FROM parent WHERE name = 'b'`);
    expect(await measure({ type: 'relationships', column: 'name', to: 'parent', field: 'name' })).toMatchObject({ status: 'fail', failures: 2 });
    expect(await measure({ type: 'range', column: 'price', min: 0 })).toMatchObject({ status: 'fail', failures: 1 });
    expect(await measure({ type: 'range', column: 'price', min: -1, max: 10 })).toMatchObject({ status: 'pass' });
    expect(await measure({ type: 'range', column: 'price', min: -1, max: 10, inclusive: false })).toMatchObject({ failures: 2 });
    expect(await measure({ type: 'expression', expression: 'price > 0' })).toMatchObject({ failures: 1 });
    expect(await measure({ type: 'expression', expression: 'price > 0', where: "kind <> 'y'" })).toMatchObject({ status: 'pass' });
  });

  it('freshness against the run clock or an upstream expression; row_count', async () => {
    const fresh = await measure({ type: 'freshness', column: 'ts', max_age: '1 day' });
    expect(fresh.status).toBe('pass');
    expect(fresh.message).toMatch(/12\.0 h old/);
    expect(await measure({ type: 'freshness', column: 'ts', max_age: '6 hours' })).toMatchObject({ status: 'fail' });
    expect(await measure({ type: 'freshness', column: 'ts', max_age: '0 hours', relative_to: 'SELECT max(ts) FROM t' })).toMatchObject({ status: 'pass' });
    expect(await measure({ type: 'row_count', min: 5 })).toMatchObject({ status: 'fail', message: '4 rows (min 5)' });
  });

  it('row_count_anomaly compares with recent history', async () => {
    expect(await measure({ type: 'row_count_anomaly' }, [4, 4])).toMatchObject({ status: 'pass' });
    expect(await measure({ type: 'row_count_anomaly' }, [100, 104, 98, 101])).toMatchObject({ status: 'fail', failures: 1 });
    expect(await measure({ type: 'row_count_anomaly', severity: 'warn' }, [4, 5, 4])).toMatchObject({ status: 'pass' });
  });
});

describe('evaluateAnomaly', () => {
  it('needs min_history points and uses the median of the window', () => {
    expect(evaluateAnomaly(10, [1, 2], { window: 10, minHistory: 3, maxChange: 0.5 }).anomalous).toBe(false);
    expect(evaluateAnomaly(150, [100, 100, 1000], { window: 10, minHistory: 3, maxChange: 0.5 }).anomalous).toBe(false);
    expect(evaluateAnomaly(151, [100, 100, 100], { window: 10, minHistory: 3, maxChange: 0.5 }).anomalous).toBe(true);
    expect(evaluateAnomaly(1, [0, 0, 0], { window: 10, minHistory: 3, maxChange: 0.5 }).message).toMatch(/from zero/);
    // only the last `window` points count
    expect(evaluateAnomaly(10, [1000, 1000, 1000, 10, 10, 10], { window: 3, minHistory: 3, maxChange: 0.1 }).anomalous).toBe(false);
  });

  it('bindChecks gives stable unique names', () => {
    const checks = [checkSchema.parse({ type: 'unique', columns: ['a', 'b'] }), checkSchema.parse({ type: 'unique', columns: ['a', 'b'] })];
    expect(bindChecks('m', checks).map((b) => b.id)).toEqual(['m.unique_a_b', 'm.unique_a_b_2']);
  });
});
