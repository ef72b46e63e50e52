import { afterEach, describe, expect, it } from 'vitest';
import { openDuck, type Duck } from './duck';
import { loadRows } from './bulk-load';

let duck: Duck | undefined;
afterEach(() => duck?.close());

describe('loadRows', () => {
  it('appends typed rows, nulls and objects as JSON text', async () => {
    duck = await openDuck({ threads: 1 });
    await loadRows(
      duck,
      'batch',
      [
        { name: 'symbol', type: 'VARCHAR' },
        { name: 'price', type: 'DOUBLE' },
        { name: 'size', type: 'BIGINT' },
        { name: 'raw', type: 'VARCHAR' },
      ],
      [
        { symbol: 'MSFT', price: 61.3125, size: 9007199254740993n, raw: { a: 1 } },
        { symbol: 'AA', price: null, size: 5, raw: undefined },
      ],
    );
    const rows = await duck.json('SELECT * FROM batch ORDER BY symbol');
    expect(rows.rows).toEqual([
      { symbol: 'AA', price: null, size: '5', raw: null },
      { symbol: 'MSFT', price: 61.3125, size: '9007199254740993', raw: '{"a":1}' },
    ]);
  });
});
