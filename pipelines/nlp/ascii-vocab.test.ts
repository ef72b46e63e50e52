import { describe, expect, it } from 'vitest';
import { AsciiVocab, HASH_START, hashStep } from './ascii-vocab';

describe('AsciiVocab', () => {
  const vocab = new AsciiVocab<number>([
    ['moon', 1],
    ["don't", 2],
    ['at&t', 3],
    ['café', 4], // not ASCII: skipped
    ['Upper', 5], // not lower-case: skipped
  ]);

  it('finds words by span, case-insensitively, without matching neighbours', () => {
    const text = 'To the MOON, Moon! moons mo at&T';
    expect(vocab.get(text, 7, 11)).toBe(1);
    expect(vocab.get(text, 13, 17)).toBe(1);
    expect(vocab.get(text, 19, 24)).toBeUndefined(); // "moons"
    expect(vocab.get(text, 25, 27)).toBeUndefined(); // "mo"
    expect(vocab.get(text, 28, 32)).toBe(3);
    expect(vocab.get("DON'T", 0, 5)).toBe(2);
  });

  it('skips keys an ASCII span can never equal', () => {
    expect(vocab.get('upper', 0, 5)).toBeUndefined();
    expect(vocab.get('Upper', 0, 5)).toBeUndefined();
  });

  it('find with a caller-computed hash equals get', () => {
    const text = 'xx MoOn yy';
    let h = HASH_START;
    for (let i = 3; i < 7; i++) h = hashStep(h, text.charCodeAt(i));
    expect(vocab.find(h, text, 3, 7)).toBe(1);
  });

  it('keeps every entry of a large table reachable (probing past collisions)', () => {
    const words = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}`);
    const big = new AsciiVocab(words.map((w, i): [string, number] => [w, i]));
    const found = words.map((w) => big.get(w.toUpperCase(), 0, w.length));
    expect(found).toEqual(words.map((_, i) => i));
    expect(big.get('zzzzzz', 0, 6)).toBeUndefined();
  });
});
