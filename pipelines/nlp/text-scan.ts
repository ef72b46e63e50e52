/**
 * Char-code helpers for the tokenizers. The sentiment tokenizer splits on whitespace by
 * scanning char codes instead of running the regex `\S+|\n` (docs/benchmarks.md ## NLP), so it
 * needs the regex's exact notion of whitespace.
 */

/** Exactly the characters JavaScript's regex `\s` matches (checked in text-scan.test.ts). */
export function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 ||
    c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}
