import { describe, expect, it } from 'vitest';
import { isSpace } from './text-scan';

describe('isSpace', () => {
  it('matches exactly the code units regex \\s matches', () => {
    const wrong: number[] = [];
    for (let c = 0; c < 0x10000; c++) if (isSpace(c) !== /\s/.test(String.fromCharCode(c))) wrong.push(c);
    expect(wrong).toEqual([]);
  });
});
