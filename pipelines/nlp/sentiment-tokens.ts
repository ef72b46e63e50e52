/**
 * The sentiment tokenizer: splits text into sentences of tokens, VADER-style (whitespace
 * chunks, surrounding punctuation stripped unless that leaves an emoticon, emoji split from
 * words), into flat buffers the scorer in sentiment.ts reads.
 *
 * Hot path (docs/benchmarks.md ## NLP): chunks are found by char-code scanning, and an ASCII
 * token is looked up by its span in an AsciiVocab, so most tokens never become a string.
 */
import { AsciiVocab, HASH_START, hashStep } from './ascii-vocab';
import { BOOSTERS, IDIOMS, NEGATIONS, type Lexicon } from './lexicon';
import { isSpace } from './text-scan';

/** ASCII punctuation lookup by char code (hot path: no Set of one-char strings). */
const IS_PUNCT = new Uint8Array(128);
for (const ch of '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~') IS_PUNCT[ch.charCodeAt(0)] = 1;
const isPunct = (c: number) => c < 128 && IS_PUNCT[c] === 1;

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

const EMOJI_RE = /\p{Extended_Pictographic}\uFE0F?/gu;

/*
 * Token buffers reused across calls (the scorer is synchronous): flat arrays instead of one
 * object per token keep the hot path allocation-light (see docs/benchmarks.md ## NLP).
 * tokenize() fills them; sentiment.ts reads them (and writes tokScore).
 */
/** Lower-case token when it has a WordInfo or is not ASCII, else '' (see WordTables). */
export const tokLower: string[] = [];
/** Token ends in "n't" (VADER's negation check for words not in the list). */
export const tokNt: boolean[] = [];
/** Token is ALL CAPS (Python str.isupper() on ASCII letters). */
export const tokUpper: boolean[] = [];
export const tokInfo: Array<WordInfo | undefined> = [];
/** Per-token valence, written by the scorer. */
export const tokScore: number[] = [];
/** Sentence i is tokens [sentFrom[i], sentTo[i]) and chars [sentStartChar[i], sentEndChar[i]). */
export const sentFrom: number[] = [];
export const sentTo: number[] = [];
export const sentStartChar: number[] = [];
export const sentEndChar: number[] = [];
let nTok = 0;
let nSent = 0;
let curFrom = 0;
let curStartChar = -1;
let nUpper = 0;

/** Everything the scorer needs to know about a word, from one lookup. */
export interface WordInfo {
  /** The lower-case word (the map key): tokens share this string instead of a new one each. */
  word: string;
  valence: number; // 0 when not in the lexicon
  inLexicon: boolean;
  booster: number;
  negation: boolean;
  idiomLast: boolean;
}

/**
 * Word infos by lower-case word: `map` for any token, `ascii` for ASCII tokens looked up by span.
 * Every word the scorer compares tokens against (idiom and booster-phrase words, "but", "of",
 * "least"...) has an info, so a token without one never needs its text: its tokLower is ''.
 */
interface WordTables {
  map: Map<string, WordInfo>;
  ascii: AsciiVocab<WordInfo>;
}

const infoCache = new WeakMap<Lexicon, WordTables>();

function wordTables(lexicon: Lexicon): WordTables {
  const cached = infoCache.get(lexicon);
  if (cached) return cached;
  const map = new Map<string, WordInfo>();
  const get = (w: string): WordInfo => {
    let info = map.get(w);
    if (!info) {
      info = { word: w, valence: 0, inLexicon: false, booster: 0, negation: false, idiomLast: false };
      map.set(w, info);
    }
    return info;
  };
  for (const [w, v] of lexicon.valence) Object.assign(get(w), { valence: v, inLexicon: true });
  for (const [w, b] of BOOSTERS) if (!w.includes(' ')) get(w).booster = b;
  for (const w of NEGATIONS) get(w).negation = true;
  for (const k of IDIOMS.keys()) get(k.slice(k.lastIndexOf(' ') + 1)).idiomLast = true;
  for (const k of [...IDIOMS.keys(), ...BOOSTERS.keys()]) for (const w of k.split(' ')) get(w);
  for (const w of ['kind', 'sort', 'of', 'enough', 'least', 'at', 'very', 'but', 'never', 'so', 'this']) get(w);
  const tables = { map, ascii: new AsciiVocab(map) };
  infoCache.set(lexicon, tables);
  return tables;
}

// Hot path: module-level helpers instead of closures (tsx's keepNames wraps every closure).
function closeSentence(end: number): void {
  if (nTok > curFrom) {
    sentFrom[nSent] = curFrom;
    sentTo[nSent] = nTok;
    sentStartChar[nSent] = curStartChar;
    sentEndChar[nSent] = end;
    nSent++;
  }
  curFrom = nTok;
  curStartChar = -1;
}

/** Adds text[start, end) as a token. */
function pushToken(text: string, start: number, end: number, tables: WordTables): void {
  if (end <= start) return;
  if (curStartChar < 0) curStartChar = start;
  // Python str.isupper() on ASCII letters: at least one upper-case and no lower-case one.
  // One pass: case flags and the vocabulary hash.
  let hasUpper = false;
  let hasLower = false;
  let ascii = true;
  let hash = HASH_START;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) hasLower = true;
    else if (c >= 65 && c <= 90) hasUpper = true;
    else if (c >= 128) ascii = false;
    hash = hashStep(hash, c);
  }
  const upper = hasUpper && !hasLower;
  let info: WordInfo | undefined;
  if (ascii) {
    // Common case: no substring, no toLowerCase (ascii-vocab.ts).
    info = tables.ascii.find(hash, text, start, end);
    tokLower[nTok] = info ? info.word : '';
    tokNt[nTok] = endsWithNt(text, start, end);
  } else {
    // Non-ASCII case mapping can depend on context (final sigma): the string way.
    const word = text.slice(start, end).toLowerCase();
    info = tables.map.get(word);
    tokLower[nTok] = word;
    tokNt[nTok] = word.endsWith("n't");
  }
  tokUpper[nTok] = upper;
  tokInfo[nTok] = info;
  tokScore[nTok] = 0;
  if (upper) nUpper++;
  nTok++;
}

/** text[start, end) ends in "n't", any case (ASCII text). */
function endsWithNt(text: string, start: number, end: number): boolean {
  return end - start >= 3 && (text.charCodeAt(end - 3) | 32) === 110 && text.charCodeAt(end - 2) === 39 && (text.charCodeAt(end - 1) | 32) === 116;
}

/**
 * Adds the word text[start, end) without leading/trailing ASCII punctuation, unless that leaves
 * <= 2 chars with no letter or digit (":)" and "<3" stay whole, like VADER's
 * _strip_punc_if_word); a lone punctuation char is dropped.
 */
function pushWord(text: string, start: number, end: number, tables: WordTables): void {
  let a = start;
  let b = end;
  while (a < b && isPunct(text.charCodeAt(a))) a++;
  while (b > a && isPunct(text.charCodeAt(b - 1))) b--;
  if ((a !== start || b !== end) && b - a <= 2) {
    let alnum = false;
    for (let i = a; i < b; i++) if (isAlnum(text.charCodeAt(i))) alnum = true;
    if (!alnum) {
      a = start;
      b = end;
    }
  }
  if (b - a > 1 || (b - a === 1 && !isPunct(text.charCodeAt(a)))) pushToken(text, a, b, tables);
}

/** Splits a whitespace-free chunk that has emoji: each emoji is a token, the rest are words. */
function pushChunkWithEmoji(text: string, start: number, end: number, tables: WordTables): void {
  const chunk = text.slice(start, end);
  let last = 0;
  EMOJI_RE.lastIndex = 0;
  let e: RegExpExecArray | null;
  while ((e = EMOJI_RE.exec(chunk)) !== null) {
    if (e.index > last) pushWord(text, start + last, start + e.index, tables);
    pushToken(text, start + e.index, start + e.index + e[0].length, tables);
    last = e.index + e[0].length;
  }
  if (last < chunk.length) pushWord(text, start + last, end, tables);
}

/**
 * Splits text into sentences of tokens (into the buffers above). Chunks are runs of non-space
 * chars (regex `\S+`, scanned by char code); a sentence ends at a chunk ending in . ! ? or at a
 * newline; emoji are split from words ("moon🚀🚀" -> moon, 🚀, 🚀).
 */
export interface TokenCounts {
  tokens: number;
  sentences: number;
  /** ALL-CAPS tokens. */
  upper: number;
}

const counts: TokenCounts = { tokens: 0, sentences: 0, upper: 0 };

export function tokenize(text: string, lexicon: Lexicon): Readonly<TokenCounts> {
  const tables = wordTables(lexicon);
  nTok = 0;
  nSent = 0;
  curFrom = 0;
  curStartChar = -1;
  nUpper = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      closeSentence(i);
      i++;
      continue;
    }
    if (isSpace(c)) {
      i++;
      continue;
    }
    let j = i;
    let hasHigh = false; // emoji and other symbols above U+2000 (surrogates included)
    for (; j < n; j++) {
      const d = text.charCodeAt(j);
      if (isSpace(d)) break;
      if (d > 0x2000) hasHigh = true;
    }
    if (hasHigh) pushChunkWithEmoji(text, i, j, tables);
    else pushWord(text, i, j, tables);
    const tail = text.charCodeAt(j - 1);
    if (tail === 46 || tail === 33 || tail === 63) closeSentence(j);
    i = j;
  }
  closeSentence(n);
  counts.tokens = nTok;
  counts.sentences = nSent;
  counts.upper = nUpper;
  return counts;
}
