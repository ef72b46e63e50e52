import { describe, expect, it } from 'vitest';
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

describe('BatchBuilder trade lines', () => {
  it('writes the receive time and source of each frame, and joins conditions', () => {
    const builder = new BatchBuilder(new Dedup(), emptyBuilderStats());
    const trade = (i: number, c: string[]) => ({ T: 't', S: 'MSFT', i, x: 'Q', p: 50.25, s: 100, c, z: 'C', t: '2000-10-02T13:30:00.123456789Z' });
    builder.add(trade(1, ['@']), 1000, 'stream');
    builder.add(trade(2, ['@', 'F']), 1000, 'stream');
    builder.add(trade(3, ['@', 'F', 'I']), 2000, 'stream');
    builder.add(trade(4, []), 2000, 'repair');
    builder.add(trade(4, []), 2000, 'repair'); // duplicate
    const text = builder.take().lines.trades.bytes().toString('utf8').trim().split('\n');
    expect(text).toEqual([
      'MSFT,1,Q,50.25,100,"@",C,970493400123456789,1000,stream',
      'MSFT,2,Q,50.25,100,"@,F",C,970493400123456789,1000,stream',
      'MSFT,3,Q,50.25,100,"@,F,I",C,970493400123456789,2000,stream',
      'MSFT,4,Q,50.25,100,"",C,970493400123456789,2000,repair',
    ]);
    expect(builder.stats.duplicates).toBe(1);
  });
});
