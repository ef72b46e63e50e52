/**
 * A read-only hash table from lower-case ASCII words to values, looked up by a span of the
 * text (case-insensitively) without creating a substring. Why: a `Map.get(word)` needs the word
 * as a fresh string (slice + toLowerCase + hashing), which was most of the per-token cost on
 * long posts; here a token costs one char loop and, for unknown words, no allocation at all.
 */
export class AsciiVocab<T> {
  private readonly slots: Int32Array; // entry index + 1; 0 = empty
  private readonly keys: string[] = [];
  private readonly values: T[] = [];
  private readonly mask: number;

  /** Keys that are not lower-case ASCII are skipped (an ASCII span never equals them). */
  constructor(entries: Iterable<readonly [string, T]>) {
    const list = [...entries].filter(([k]) => isLowerAscii(k));
    let size = 16;
    while (size < list.length * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    for (const [key, value] of list) {
      let slot = hashString(key) & this.mask;
      while (this.slots[slot] !== 0) {
        if (this.keys[this.slots[slot]! - 1] === key) break;
        slot = (slot + 1) & this.mask;
      }
      if (this.slots[slot] === 0) {
        this.keys.push(key);
        this.values.push(value);
        this.slots[slot] = this.keys.length;
      } else {
        this.values[this.slots[slot]! - 1] = value;
      }
    }
  }

  /** Value for the lower case of text[start, end), which must be ASCII; undefined when absent. */
  get(text: string, start: number, end: number): T | undefined {
    let h = HASH_START;
    for (let i = start; i < end; i++) h = hashStep(h, text.charCodeAt(i));
    return this.find(h, text, start, end);
  }

  /** Like get, with the hash already computed by the caller's own char loop (hashStep). */
  find(hash: number, text: string, start: number, end: number): T | undefined {
    const len = end - start;
    let slot = hash & this.mask;
    for (;;) {
      const index = this.slots[slot]!;
      if (index === 0) return undefined;
      const key = this.keys[index - 1]!;
      if (key.length === len && sameLower(key, text, start)) return this.values[index - 1];
      slot = (slot + 1) & this.mask;
    }
  }
}

/** FNV-1a over lower-cased char codes: hashStep(h, c) for each char, from HASH_START. */
export const HASH_START = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

export function hashStep(h: number, c: number): number {
  return Math.imul(h ^ (c >= 65 && c <= 90 ? c + 32 : c), FNV_PRIME);
}

function lowerCode(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

function hashString(key: string): number {
  let h = HASH_START;
  for (let i = 0; i < key.length; i++) h = hashStep(h, key.charCodeAt(i));
  return h;
}

function sameLower(key: string, text: string, start: number): boolean {
  for (let k = 0; k < key.length; k++) if (key.charCodeAt(k) !== lowerCode(text.charCodeAt(start + k))) return false;
  return true;
}

function isLowerAscii(key: string): boolean {
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c >= 128 || (c >= 65 && c <= 90)) return false;
  }
  return true;
}
