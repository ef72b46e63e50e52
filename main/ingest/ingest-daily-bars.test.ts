import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDuck, type Duck } from '../duck/duck';
import { openLake } from '../lake/index';
import type { Lake } from '../lake/types';
import type { MarketFeed, RawBatch } from '../sources/market-feed';
import { ingestDailyBars } from './ingest-daily-bars';

/** An in-memory feed; `failAfter` makes it die mid-stream like a crashed process. */
function feedOf(records: Array<Record<string, unknown>>, batchSize: number, failAfter?: number): MarketFeed {
  return {
    id: 'test-feed',
    contract: 'market.daily_bar.v1',
    size: async () => records.length,
    async *batches(): AsyncIterable<RawBatch> {
      for (let seq = 0; seq * batchSize < records.length; seq++) {
        if (failAfter !== undefined && seq >= failAfter) throw new Error('feed died');
        yield { seq, records: records.slice(seq * batchSize, (seq + 1) * batchSize) };
      }
    },
  };
}

const good = (i: number) => ({ symbol: 'MSFT', date: `2000-01-${String(i + 1).padStart(2, '0')}`, open: '10', high: '12', low: '9', close: '11', volume: '100', source: 'test' });
const records = [
  good(0),
  good(1),
  { ...good(2), close: 'oops' },
  good(3),
  { ...good(4), high: '1' },
  good(5),
  { symbol: 'msft', date: '2000-13-01', close: '1', source: 'test' },
];

let dir: string;
let lake: Lake;
let duck: Duck;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fde-ingest-'));
  lake = await openLake(dir);
  duck = await openDuck({ threads: 1 });
});
afterEach(async () => {
  duck.close();
  await lake.close();
  rmSync(dir, { recursive: true, force: true });
});

async function counts() {
  await lake.attach(duck);
  const row = await duck.json(`SELECT (SELECT count(*) FROM bronze.market_daily_bars) AS bars, (SELECT count(*) FROM bronze.quarantine) AS quarantined`);
  return row.rows[0];
}

describe('ingestDailyBars', () => {
  it('commits valid bars and quarantines each refused record with its reason and raw payload', async () => {
    const stats = await ingestDailyBars(lake, duck, feedOf(records, 3));
    expect(stats).toMatchObject({ batches: 3, accepted: 4, quarantined: 3, alreadyCommitted: 0 });
    await lake.attach(duck);
    const refused = await duck.all(`SELECT reason, raw, contract, source FROM bronze.quarantine ORDER BY raw`);
    expect(refused.map((r) => r.reason)).toEqual([
      expect.stringMatching(/close: Invalid input/),
      expect.stringMatching(/high is below low/),
      expect.stringMatching(/symbol: symbol must be.*date:/),
    ]);
    expect(JSON.parse(String(refused[0]!.raw))).toEqual(records[2]);
    expect(refused[0]).toMatchObject({ contract: 'market.daily_bar.v1', source: 'test-feed' });
  });

  it('adds nothing when the same feed is ingested again', async () => {
    await ingestDailyBars(lake, duck, feedOf(records, 3));
    const again = await ingestDailyBars(lake, duck, feedOf(records, 3));
    expect(again).toMatchObject({ accepted: 0, quarantined: 0, alreadyCommitted: 3 });
    expect(await counts()).toEqual({ bars: '4', quarantined: '3' });
  });

  it('resumes after a crash mid-feed without losing or duplicating records', async () => {
    await expect(ingestDailyBars(lake, duck, feedOf(records, 3, 1))).rejects.toThrow('feed died');
    expect(await counts()).toEqual({ bars: '2', quarantined: '1' });
    const resumed = await ingestDailyBars(lake, duck, feedOf(records, 3));
    expect(resumed).toMatchObject({ alreadyCommitted: 1, accepted: 2, quarantined: 2 });
    expect(await counts()).toEqual({ bars: '4', quarantined: '3' });
  });
});
