import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDuck } from '../../duck/duck';
import { BatchBuilder, CsvBuffer, emptyBuilderStats } from './batch-builder';
import { Dedup } from './dedup';

describe('CsvBuffer', () => {
  it('keeps every line in order across pending-string drains and buffer growth', () => {
    const b = new CsvBuffer();
    const expected: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const line = `SYM${i % 7},${i},é${'x'.repeat(i % 13)}\n`;
      expected.push(line);
      b.push(line);
      if (i === 1234) expect(b.bytes().toString('utf8')).toBe(expected.join(''));
    }
    expect(b.lines).toBe(20_000);
    expect(b.bytes().toString('utf8')).toBe(expected.join(''));
    expect(b.length).toBe(Buffer.byteLength(expected.join('')));
  });
});

describe('BatchBuilder trade columns', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'fde-batch-builder-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the receive time and source of each frame, joins conditions, and writes bronze Parquet', async () => {
    const builder = new BatchBuilder(new Dedup(), emptyBuilderStats());
    const trade = (i: number, c: string[] | undefined, z?: string) => ({ T: 't', S: 'MSFT', i, x: 'Q', p: 50.25, s: 100, c, z, t: '2000-10-02T13:30:00.123456789Z' });
    builder.add(trade(1, ['@'], 'C'), 1000, 'stream');
    builder.add(trade(2, ['@', 'F'], 'C'), 1000, 'stream');
    builder.add(trade(3, ['@', 'F', 'I'], 'C'), 2000, 'stream');
    builder.add(trade(4, []), 2000, 'repair');
    builder.add(trade(4, []), 2000, 'repair'); // duplicate
    builder.add({ ...trade(5, undefined), t: '1969-12-31T23:59:59.999999999Z' }, 3000, 'backfill');
    expect(builder.maxTradeTs).toBe('2000-10-02T13:30:00.123456789Z');
    const file = path.join(dir, 'trades.parquet');
    writeFileSync(file, builder.take().trades.toParquet('app:7'));
    const duck = await openDuck({ threads: 1 });
    const rows = await duck.json(`SELECT symbol, trade_id, exchange, price, size, conditions, tape, ts, ts_ns, source, received_at, batch_id FROM read_parquet('${file}') ORDER BY trade_id`);
    duck.close();
    const common = { symbol: 'MSFT', exchange: 'Q', price: 50.25, size: '100', ts: '2000-10-02 13:30:00.123456+00', ts_ns: '970493400123456789', batch_id: 'app:7' };
    expect(rows.rows).toEqual([
      { ...common, trade_id: '1', conditions: '@', tape: 'C', source: 'stream', received_at: '1970-01-01 00:00:01+00' },
      { ...common, trade_id: '2', conditions: '@,F', tape: 'C', source: 'stream', received_at: '1970-01-01 00:00:01+00' },
      { ...common, trade_id: '3', conditions: '@,F,I', tape: 'C', source: 'stream', received_at: '1970-01-01 00:00:02+00' },
      { ...common, trade_id: '4', conditions: null, tape: null, source: 'repair', received_at: '1970-01-01 00:00:02+00' },
      { ...common, trade_id: '5', conditions: null, tape: null, source: 'backfill', received_at: '1970-01-01 00:00:03+00', ts: '1969-12-31 23:59:59.999999+00', ts_ns: '-1' },
    ]);
    expect(builder.stats.duplicates).toBe(1);
  });
});
