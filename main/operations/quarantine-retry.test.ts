import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuck, type Duck } from '../duck/duck';
import { ingestDailyBars } from '../ingest/ingest-daily-bars';
import { openLake } from '../lake/index';
import type { Lake } from '../lake/types';
import { tempDir } from '../lake/test-support/temp';
import { CsvMarketReplay } from '../sources/csv-replay/csv-market-replay';
import { RECORD_ID_SQL, retryQuarantined } from './quarantine-retry';

let lake: Lake;
let duck: Duck;
let cleanup: () => Promise<void>;
let attached = new Set<string>();
const has = (id: string) => attached.has(id);
const reattach = async () => void (attached = new Set(await lake.attach(duck)));
const count = async (sql: string) => Number((await duck.all(sql))[0]!.n);

beforeAll(async () => {
  const t = await tempDir('fde-qretry-');
  cleanup = t.cleanup;
  // A vendor CSV with two bad rows (close not a number, high below low), through the real ingest.
  await writeFile(
    path.join(t.dir, 'vendor.csv'),
    'date,open,high,low,close,volume\n2001-01-02,10,11,9,10.5,100\n2001-01-03,10,11,9,n/a,100\n2001-01-04,10,9,11,10,100\n',
  );
  lake = await openLake(path.join(t.dir, 'lake'));
  duck = await openDuck();
  await ingestDailyBars(lake, duck, new CsvMarketReplay(duck, t.dir, [{ file: 'vendor.csv', layout: { kind: 'ohlcv', symbol: 'ACME' } }]));
  await reattach();
});
afterAll(async () => {
  duck.close();
  await lake.close();
  await cleanup();
});

describe('quarantine retry', () => {
  it('lands a corrected record exactly once; a repeat and an overlapping retry by reason are no-ops for it', async () => {
    expect(await count('SELECT count(*) AS n FROM bronze.quarantine')).toBe(2);
    const [bad] = await duck.all(`SELECT ${RECORD_ID_SQL} AS id, raw FROM bronze.quarantine WHERE reason LIKE 'close%'`);
    const id = String(bad!.id);
    const fixed = JSON.stringify({ ...(JSON.parse(String(bad!.raw)) as Record<string, unknown>), close: '10.25' });

    const unfixed = await retryQuarantined(lake, duck, has, { recordIds: [id] });
    expect(unfixed.landed).toBe(0);
    expect(unfixed.stillInvalid[0]!.reason).toMatch(/close/);

    const first = await retryQuarantined(lake, duck, has, { recordIds: [id], fixedRaw: fixed });
    expect(first).toMatchObject({ landed: 1, alreadyLanded: 0, target: 'bronze.market_daily_bars' });
    await reattach();
    const landedRows = `SELECT count(*) AS n FROM bronze.market_daily_bars WHERE symbol = 'ACME' AND date = DATE '2001-01-03'`;
    expect(await count(landedRows)).toBe(1);

    const again = await retryQuarantined(lake, duck, has, { recordIds: [id], fixedRaw: fixed });
    expect(again).toMatchObject({ landed: 0, alreadyLanded: 1 });
    const reason = String((await duck.all(`SELECT reason FROM bronze.quarantine WHERE ${RECORD_ID_SQL} = '${id}'`))[0]!.reason);
    const byReason = await retryQuarantined(lake, duck, has, { reason });
    expect(byReason.alreadyLanded).toBe(1);
    await reattach();
    expect(await count(landedRows)).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM meta.quarantine_retries WHERE record_id = '${id}' AND state = 'landed'`)).toBe(1);
  });

  it('finishes a retry a crash left pending under its own txn marker, without a second copy', async () => {
    const [bad] = await duck.all(`SELECT ${RECORD_ID_SQL} AS id, raw FROM bronze.quarantine WHERE reason LIKE 'high%'`);
    const id = String(bad!.id);
    const fixed = JSON.stringify({ ...(JSON.parse(String(bad!.raw)) as Record<string, unknown>), high: '11', low: '9' });
    await retryQuarantined(lake, duck, has, { recordIds: [id], fixedRaw: fixed });
    await reattach();
    // Simulate the crash after the bronze append: drop the 'landed' log rows' effect by retrying
    // with the log as a crashed process would have left it (pending only) — the same marker refuses a second append.
    const table = await lake.openTable('meta', 'quarantine_retries');
    await table!.overwrite({ duck, sql: `SELECT * FROM meta.quarantine_retries WHERE NOT (record_id = '${id}' AND state = 'landed')` });
    await reattach();
    const resumed = await retryQuarantined(lake, duck, has, { recordIds: [id] });
    expect(resumed.landed).toBe(1);
    await reattach();
    expect(await count(`SELECT count(*) AS n FROM bronze.market_daily_bars WHERE symbol = 'ACME' AND date = DATE '2001-01-04'`)).toBe(1);
  });
});
