import { describe, expect, it } from 'vitest';
import { formatTextTable } from './text-table';

describe('formatTextTable', () => {
  it('aligns columns, shows NULL and counts rows', () => {
    const text = formatTextTable(['symbol', 'close'], [{ symbol: 'MSFT', close: '60.625' }, { symbol: 'AA', close: null }]);
    expect(text.split('\n')).toEqual(['symbol  close', '------  ------', 'MSFT    60.625', 'AA      NULL', '(2 rows)']);
  });

  it('truncates long cells', () => {
    expect(formatTextTable(['x'], [{ x: 'a'.repeat(50) }], 10)).toContain(`${'a'.repeat(9)}…`);
  });
});
