import { describe, expect, it } from 'vitest';
import { ByteInterner } from './byte-interner';

describe('ByteInterner', () => {
  it('asks once per distinct byte sequence and then answers from its table, through growth', () => {
    const decided: string[] = [];
    const interner = new ByteInterner((bytes) => {
      decided.push(bytes.toString('hex'));
      return bytes.length % 3 === 0 ? -1 : decided.length; // refusals are remembered too
    });
    const keys = Array.from({ length: 5000 }, (_, i) => Buffer.from(`${i % 7 === 0 ? '' : 'K'}${i.toString(36)}`));
    const frame = Buffer.concat([Buffer.from([0xff]), ...keys]);
    const expected = new Map<string, number>();
    for (let round = 0; round < 3; round++) {
      let at = 1;
      for (const k of keys) {
        const value = interner.lookup(frame, at, at + k.length);
        const hex = k.toString('hex');
        if (!expected.has(hex)) expected.set(hex, value);
        expect(value).toBe(expected.get(hex));
        at += k.length;
      }
    }
    expect(decided.length).toBe(new Set(keys.map((k) => k.toString('hex'))).size);
    expect(interner.size).toBe(decided.length);
  });

  it('starts over after maxEntries distinct values', () => {
    let asked = 0;
    const interner = new ByteInterner(() => ++asked, 10);
    const bytes = Buffer.from('abcdefghijklmnop');
    for (let i = 0; i < 12; i++) interner.lookup(bytes, i, i + 2);
    expect(interner.size).toBe(2);
    interner.lookup(bytes, 0, 2); // forgotten: asked again
    expect(asked).toBe(13);
  });
});
