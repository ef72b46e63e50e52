import { describe, expect, it } from 'vitest';
import { objectsToCsv, toCsv } from './csv';

describe('toCsv', () => {
  it('quotes commas, quotes and newlines and leaves nulls empty', () => {
    expect(toCsv(['a', 'b'], [[1, 'x,y'], [null, 'say "hi"\n']])).toBe('a,b\r\n1,"x,y"\r\n,"say ""hi""\n"\r\n');
  });

  it('keeps the column order given for objects', () => {
    expect(objectsToCsv(['date', 'v'], [{ v: -1.5, date: '2001-01-02' }])).toBe('date,v\r\n2001-01-02,-1.5\r\n');
  });
});
