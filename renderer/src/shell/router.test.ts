import { describe, expect, it } from 'vitest';
import { formatHash, parseHash } from './router';

describe('hash routes', () => {
  it('parses a view and its selection', () => {
    const route = parseHash('#/sentiment?symbol=MSFT&from=2001-01-02');
    expect(route.path).toBe('/sentiment');
    expect(Object.fromEntries(route.params)).toEqual({ symbol: 'MSFT', from: '2001-01-02' });
  });

  it('treats an empty hash as the Overview', () => {
    expect(parseHash('').path).toBe('/');
    expect(parseHash('#').path).toBe('/');
  });

  it('drops empty parameters and round-trips SQL text', () => {
    const sql = "SELECT * FROM gold.x WHERE a = 'b&c' -- #note";
    const hash = formatHash('/sql', { sql, max: undefined, empty: '' });
    expect(hash.startsWith('#/sql?sql=')).toBe(true);
    expect(parseHash(hash).params.get('sql')).toBe(sql);
    expect(parseHash(hash).params.has('max')).toBe(false);
  });
});
