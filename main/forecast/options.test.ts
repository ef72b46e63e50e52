import { describe, expect, it } from 'vitest';
import { UsageError } from '../engine/errors';
import { parseBacktestFlags } from './options';
import { sinceFilter } from './run-backtest';

const base = { csv: 'x.csv', timeCol: 'date', priceCol: 'close' };

describe('forecast backtest flags', () => {
  it('applies the documented defaults', () => {
    const f = parseBacktestFlags(base);
    expect(f.horizons).toEqual([1, 5]);
    expect(f.refitEvery).toBe(22);
    expect(f.models).toEqual(['ewma', 'garch', 'har', 'loghar', 'prophet']);
  });

  it('parses lists and numbers from strings', () => {
    const f = parseBacktestFlags({ ...base, horizons: '1, 22', refitEvery: '5', models: 'har,prophet', target: 'yz', oosStart: '2001-01-02' });
    expect(f).toMatchObject({ horizons: [1, 22], refitEvery: 5, models: ['har', 'prophet'], target: 'yz', oosStart: '2001-01-02' });
  });

  it.each([
    [{ ...base, horizons: '1,x' }, /--horizons/],
    [{ ...base, refitEvery: '0' }, /--refit-every/],
    [{ ...base, target: 'vix' }, /--target/],
    [{ ...base, oosStart: '01/02/2001' }, /--oos-start: expected yyyy-mm-dd/],
    [{ timeCol: 'date' }, /--csv FILE or --lake DIR/],
    [{ csv: 'x.csv' }, /--time-col and --price-col/],
    [{ lake: './lake' }, /--lake needs --symbol/],
    [{ ...base, register: true }, /--register needs --lake/],
  ])('rejects %j', (raw, message) => {
    expect(() => parseBacktestFlags(raw)).toThrow(UsageError);
    expect(() => parseBacktestFlags(raw)).toThrow(message);
  });

  it('--since keeps the later days of every column', () => {
    const built = {
      target: 'c2c' as const, intraday: false, dropped: [],
      series: { symbol: 'S', dates: ['2020-01-01', '2020-01-02', '2020-01-03'], day: [1, 2, 3], target: [1, 2, 3], returns: [4, 5, 6], sentiment: [7, 8, 9], mentions: [1, 1, 1] },
    };
    const cut = sinceFilter(built, '2020-01-02');
    expect(cut.series).toEqual({ symbol: 'S', dates: ['2020-01-02', '2020-01-03'], day: [2, 3], target: [2, 3], returns: [5, 6], sentiment: [8, 9], mentions: [1, 1] });
    expect(sinceFilter(built, undefined)).toBe(built);
  });
});
