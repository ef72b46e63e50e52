/**
 * The word splitter of the ticker extractor: words as the regex
 * `\$?[A-Za-z0-9][A-Za-z0-9&'\u2019.-]*` finds them, scanned by char code, with the facts the
 * extraction rules need. Hot path (docs/benchmarks.md ## NLP): a word's text is only sliced
 * when a rule needs it (wordText), and its normalized form comes from a per-universe
 * vocabulary lookup by span instead of toLowerCase + Map.get.
 */
import { AsciiVocab, HASH_START, hashStep } from './ascii-vocab';
import { normalizeWord, type AliasPhrase, type Universe } from './universe';

export interface Word {
  /** Offsets of the word as written (leading "$" included, trailing . - ' excluded). */
  start: number;
  end: number;
  /** Offsets of the body: no "$", no possessive "'s" ("GME's" -> GME). */
  bodyStart: number;
  bodyEnd: number;
  /**
   * normalizeWord(body) when some rule compares against it (phrase words, context words, "in"),
   * else '' — such a word can never equal anything the rules look for.
   */
  norm: string;
  /** Alias and name phrases starting with this word (universe.phrases.get(norm)). */
  phrases: AliasPhrase[] | undefined;
  cashtag: boolean;
  /** Segment number: a new line or a new sentence starts a new segment. */
  line: number;
  /** Has an ASCII letter / a lower-case ASCII letter (words are ASCII apart from ’). */
  letters: boolean;
  lower: boolean;
}

/** What a normalized word means to the rules. */
interface VocabWord {
  norm: string;
  phrases: AliasPhrase[] | undefined;
}

/** Words within two words of an ambiguous bare symbol that make it a ticker. */
export const CONTEXT: ReadonlySet<string> = new Set([
  'calls', 'puts', 'shares', 'stock', 'stocks', 'ticker', 'options', 'leaps', 'strike', 'strikes', 'earnings',
  'contracts', 'position', 'positions', 'bagholder', 'bagholders', 'dividend', 'pt',
]);
/** Weaker verbs that count only right before the symbol ("bought NOW", "selling ON"). */
export const CONTEXT_BEFORE: ReadonlySet<string> = new Set(['bought', 'sold', 'buying', 'selling', 'shorting', 'shorted']);
/** Other words the rules compare against. */
const RULE_WORDS = ['in'];

const vocabCache = new WeakMap<Universe, AsciiVocab<VocabWord>>();

function vocabFor(universe: Universe): AsciiVocab<VocabWord> {
  let vocab = vocabCache.get(universe);
  if (vocab) return vocab;
  const words = new Map<string, VocabWord>();
  const add = (w: string) => {
    if (!words.has(w)) words.set(w, { norm: w, phrases: universe.phrases.get(w) });
  };
  for (const list of universe.phrases.values()) for (const phrase of list) for (const w of phrase.words) add(w);
  for (const w of [...CONTEXT, ...CONTEXT_BEFORE, ...RULE_WORDS]) add(w);
  vocab = new AsciiVocab(words);
  vocabCache.set(universe, vocab);
  return vocab;
}

const NO_WORD: VocabWord = { norm: '', phrases: undefined };
const POSSESSIVE = /^[A-Z]{1,5}['\u2019]s$/;

/** The body as written ("GME" for "$GME's"). */
export function wordText(text: string, w: Word): string {
  return text.slice(w.bodyStart, w.bodyEnd);
}

export function splitWords(text: string, universe: Universe): Word[] {
  const vocab = vocabFor(universe);
  const words: Word[] = [];
  const n = text.length;
  let line = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    const dollar = c === 36 && i + 1 < n && isWordStart(text.charCodeAt(i + 1));
    if (!dollar && !isWordStart(c)) {
      i++;
      continue;
    }
    const start = i;
    let matchEnd = start + (dollar ? 2 : 1);
    while (matchEnd < n && isWordChar(text.charCodeAt(matchEnd))) matchEnd++;
    i = matchEnd;
    // Trailing dots, dashes and quotes belong to the sentence, not the word.
    let end = matchEnd;
    while (end - start > 1 && isTrailing(text.charCodeAt(end - 1))) end--;
    // A word ending a sentence (". ! ?") closes its segment: context never crosses sentences.
    const after = text.charCodeAt(matchEnd);
    const endsSentence = text.charCodeAt(matchEnd - 1) === 46 || after === 33 || after === 63 || after === 46;
    // Skip URLs and paths: "https://x.com/AAPL" or "r/stocks" are not mentions.
    const prev = start > 0 ? text.charCodeAt(start - 1) : 32;
    if (prev === 47 /* / */ || prev === 58 /* : */ || prev === 64 /* @ */) continue;
    const bodyStart = dollar ? start + 1 : start;
    let bodyEnd = end;
    // One pass over the body: case flags, apostrophes and the vocabulary hash.
    let letters = false;
    let lower = false;
    let apostrophe = false;
    let hash = HASH_START;
    for (let k = bodyStart; k < bodyEnd; k++) {
      const d = text.charCodeAt(k);
      if (d >= 97 && d <= 122) letters = lower = true;
      else if (d >= 65 && d <= 90) letters = true;
      else if (d === 39 || d === 0x2019) apostrophe = true;
      hash = hashStep(hash, d);
    }
    let info = NO_WORD;
    if (apostrophe) {
      // Rare: the string way ("GME's" -> GME, "don't", "McDonald’s" -> mcdonald).
      let body = text.slice(bodyStart, bodyEnd);
      if (body.length > 2 && body.charCodeAt(body.length - 1) === 115 && isTrailing(body.charCodeAt(body.length - 2)) && POSSESSIVE.test(body)) {
        body = body.slice(0, -2);
        bodyEnd -= 2;
        lower = false; // the body is [A-Z]{1,5} now
      }
      const norm = normalizeWord(body);
      info = { norm, phrases: universe.phrases.get(norm) };
    } else {
      info = vocab.find(hash, text, bodyStart, bodyEnd) ?? NO_WORD;
    }
    words.push({ start, end, bodyStart, bodyEnd, norm: info.norm, phrases: info.phrases, cashtag: dollar, line, letters, lower });
    if (endsSentence) line++;
  }
  return words;
}

/** A letter or digit: a word starts with one. */
function isWordStart(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Letters, digits and & ' ’ . - continue a word. */
function isWordChar(c: number): boolean {
  return isWordStart(c) || c === 38 || c === 39 || c === 46 || c === 45 || c === 0x2019;
}

/** . ' ’ - at the end of a word belong to the sentence. */
function isTrailing(c: number): boolean {
  return c === 46 || c === 39 || c === 0x2019 || c === 45;
}
