/**
 * A VADER-style sentiment scorer (Hutto & Gilbert 2014), our own implementation of the published
 * algorithm: lexicon valence, ALL-CAPS emphasis, booster/dampener words within three tokens,
 * negation within three tokens (x -0.74), "least", contrastive "but" (x0.5 before, x1.5 after),
 * exclamation/question emphasis and compound = s / sqrt(s^2 + 15).
 *
 * Differences from the reference, on purpose (docs/nlp.md): emoji are scored directly (not via
 * their names), finance idioms are matched as n-grams, "but" is scoped to its sentence, and a
 * trailing "/s" sarcasm marker flips the sign. The scorer also reports per-sentence sums so the
 * tagger can attribute sentiment to the sentences that mention a symbol.
 */
import { BOOSTERS, IDIOMS, NEGATIONS, type Lexicon } from './lexicon';

const C_INCR = 0.733;
const N_SCALAR = -0.74;
const ALPHA = 15;
export const BULLISH_THRESHOLD = 0.05;
export const BEARISH_THRESHOLD = -0.05;

export type SentimentLabel = 'bullish' | 'bearish' | 'neutral';

export interface SentenceScore {
  /** Character offsets of the sentence in the scored text. */
  start: number;
  end: number;
  /** Sum of token valences in the sentence (before punctuation emphasis). */
  sum: number;
}

export interface SentimentResult {
  compound: number;
  label: SentimentLabel;
  sentences: SentenceScore[];
}

export function normalize(score: number): number {
  const n = score / Math.sqrt(score * score + ALPHA);
  return n < -1 ? -1 : n > 1 ? 1 : n;
}

export function labelFor(compound: number): SentimentLabel {
  if (compound >= BULLISH_THRESHOLD) return 'bullish';
  if (compound <= BEARISH_THRESHOLD) return 'bearish';
  return 'neutral';
}


function isUpperWord(word: string): boolean {
  // Python str.isupper(): at least one cased char and no lower-case ones.
  let hasUpper = false;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 97 && c <= 122) return false;
    if (c >= 65 && c <= 90) hasUpper = true;
  }
  return hasUpper;
}

/** ASCII punctuation lookup by char code (hot path: no Set of one-char strings). */
const IS_PUNCT = new Uint8Array(128);
for (const ch of '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~') IS_PUNCT[ch.charCodeAt(0)] = 1;
const isPunct = (c: number) => c < 128 && IS_PUNCT[c] === 1;

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Offset of the stripped word inside the raw one (set by stripPunct, read right after). */
let strippedOffset = 0;

/** Strips leading/trailing punctuation unless that leaves <= 2 chars (keeps :) and <3). */
function stripPunct(word: string): string {
  let a = 0;
  let b = word.length;
  while (a < b && isPunct(word.charCodeAt(a))) a++;
  while (b > a && isPunct(word.charCodeAt(b - 1))) b--;
  strippedOffset = 0;
  if (a === 0 && b === word.length) return word;
  if (b - a <= 2) {
    // Short leftovers such as ":)" or "$x" stay whole, like VADER's _strip_punc_if_word.
    let alnum = false;
    for (let i = a; i < b; i++) if (isAlnum(word.charCodeAt(i))) alnum = true;
    if (!alnum) return word;
  }
  strippedOffset = a;
  return word.slice(a, b);
}

const EMOJI_RE = /\p{Extended_Pictographic}\uFE0F?/gu;

/**
 * Token buffers reused across calls (the scorer is synchronous): flat arrays instead of one
 * object per token keep the hot path allocation-light (see docs/benchmarks.md ## NLP).
 */
const tokRaw: string[] = [];
const tokLower: string[] = [];
const tokStart: number[] = [];
const tokUpper: boolean[] = [];
const tokInfo: Array<WordInfo | undefined> = [];
const tokScore: number[] = [];
const sentFrom: number[] = [];
const sentTo: number[] = [];
const sentStartChar: number[] = [];
const sentEndChar: number[] = [];
let nTok = 0;
let nSent = 0;
let curFrom = 0;
let curStartChar = -1;
let nUpper = 0;

/** Everything the scorer needs to know about a word, from one map lookup. */
interface WordInfo {
  valence: number; // 0 when not in the lexicon
  inLexicon: boolean;
  booster: number;
  negation: boolean;
  idiomLast: boolean;
}

const infoCache = new WeakMap<Lexicon, Map<string, WordInfo>>();

function wordInfo(lexicon: Lexicon): Map<string, WordInfo> {
  let map = infoCache.get(lexicon);
  if (map) return map;
  map = new Map();
  const get = (w: string): WordInfo => {
    let info = map!.get(w);
    if (!info) {
      info = { valence: 0, inLexicon: false, booster: 0, negation: false, idiomLast: false };
      map!.set(w, info);
    }
    return info;
  };
  for (const [w, v] of lexicon.valence) Object.assign(get(w), { valence: v, inLexicon: true });
  for (const [w, b] of BOOSTERS) if (!w.includes(' ')) get(w).booster = b;
  for (const w of NEGATIONS) get(w).negation = true;
  for (const k of IDIOMS.keys()) get(k.slice(k.lastIndexOf(' ') + 1)).idiomLast = true;
  for (const w of ['kind', 'sort', 'of', 'enough', 'least', 'but', 'never', 'so', 'this']) get(w);
  infoCache.set(lexicon, map);
  return map;
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

function pushToken(raw: string, start: number, info: Map<string, WordInfo>): void {
  if (raw.length === 0) return;
  if (curStartChar < 0) curStartChar = start;
  const lower = raw.toLowerCase();
  const upper = isUpperWord(raw);
  tokRaw[nTok] = raw;
  tokLower[nTok] = lower;
  tokStart[nTok] = start;
  tokUpper[nTok] = upper;
  tokInfo[nTok] = info.get(lower);
  tokScore[nTok] = 0;
  if (upper) nUpper++;
  nTok++;
}

const WS_RE = /\S+|\n/g;

/**
 * Splits text into sentences of tokens (into the buffers above). A sentence ends at a token
 * ending in . ! ? or at a newline; emoji are split from words ("moon🚀🚀" -> moon, 🚀, 🚀).
 */
function tokenize(text: string, info: Map<string, WordInfo>): void {
  nTok = 0;
  nSent = 0;
  curFrom = 0;
  curStartChar = -1;
  nUpper = 0;
  WS_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WS_RE.exec(text)) !== null) {
    const word = m[0];
    if (word === '\n') {
      closeSentence(m.index);
      continue;
    }
    let hasHigh = false;
    for (let i = 0; i < word.length; i++) {
      if (word.charCodeAt(i) > 0x2000) {
        hasHigh = true;
        break;
      }
    }
    if (hasHigh) {
      // Emoji become their own tokens; the text between them is scored as words.
      let last = 0;
      EMOJI_RE.lastIndex = 0;
      let e: RegExpExecArray | null;
      while ((e = EMOJI_RE.exec(word)) !== null) {
        if (e.index > last) pushWord(word.slice(last, e.index), m.index + last, info);
        pushToken(e[0], m.index + e.index, info);
        last = e.index + e[0].length;
      }
      if (last < word.length) pushWord(word.slice(last), m.index + last, info);
    } else {
      pushWord(word, m.index, info);
    }
    const tail = word.charCodeAt(word.length - 1);
    if (tail === 46 || tail === 33 || tail === 63) closeSentence(m.index + word.length);
  }
  closeSentence(text.length);
}

function pushWord(word: string, start: number, info: Map<string, WordInfo>): void {
  const w = stripPunct(word);
  if (w.length > 1 || (w.length === 1 && !isPunct(w.charCodeAt(0)))) pushToken(w, start + strippedOffset, info);
}

function soThis(k: number, from: number): boolean {
  if (k < from) return false;
  const w = tokLower[k];
  return w === 'so' || w === 'this';
}

/** Scores tokens [from, to) of one sentence (VADER sentiment_valence + idioms + but_check). */
function scoreSentence(from: number, to: number, capDiff: boolean): number {
  for (let i = from; i < to; i++) {
    const info = tokInfo[i];
    if (!info) continue; // not a lexicon, booster, negation or idiom word: scores 0
    const lower = tokLower[i]!;
    if (info.booster !== 0) continue;
    // "kind of" is a dampener, not the word "kind" (VADER's special case).
    if ((lower === 'kind' || lower === 'sort') && i + 1 < to && tokLower[i + 1] === 'of') continue;
    let v = info.valence;
    // Idioms: an n-gram ending here replaces the valence of its words.
    if (info.idiomLast && i > from) {
      const bi = `${tokLower[i - 1]} ${lower}`;
      let idiom = i - 2 >= from ? IDIOMS.get(`${tokLower[i - 2]} ${bi}`) : undefined;
      let span = 2;
      if (idiom === undefined) {
        idiom = IDIOMS.get(bi);
        span = 1;
      }
      if (idiom !== undefined) {
        for (let k = 1; k <= span; k++) tokScore[i - k] = 0;
        v = idiom;
      }
    }
    if (v === 0) continue;
    if (capDiff && tokUpper[i]) v += v > 0 ? C_INCR : -C_INCR;
    for (let back = 1; back <= 3 && i - back >= from; back++) {
      const j = i - back;
      const prev = tokInfo[j];
      if (prev?.inLexicon) continue;
      let s = prev ? prev.booster : 0;
      if (s !== 0) {
        if (v < 0) s = -s;
        if (capDiff && tokUpper[j]) s += v > 0 ? C_INCR : -C_INCR;
        if (back === 2) s *= 0.95;
        else if (back === 3) s *= 0.9;
        v += s;
      }
      const prevLower = tokLower[j]!;
      // VADER's never_check: "never so/this <word>" intensifies instead of negating.
      if (back === 2 && prevLower === 'never' && soThis(i - 1, from)) v *= 1.5;
      else if (back === 3 && ((prevLower === 'never' && soThis(i - 2, from)) || soThis(i - 1, from))) v *= 1.25;
      else if (prev?.negation || prevLower.endsWith("n't")) v *= N_SCALAR;
    }
    if (i - 2 >= from && (tokLower[i - 1] === 'of' || tokLower[i - 1] === 'enough')) {
      v += BOOSTERS.get(`${tokLower[i - 2]} ${tokLower[i - 1]}`) ?? 0;
    }
    if (i - 1 >= from && tokLower[i - 1] === 'least') {
      const before = i - 2 >= from ? tokLower[i - 2] : '';
      if (before !== 'at' && before !== 'very') v *= N_SCALAR;
    }
    tokScore[i] = v;
  }
  let butAt = -1;
  for (let i = from; i < to; i++) {
    if (tokLower[i] === 'but') {
      butAt = i;
      break;
    }
  }
  let sum = 0;
  for (let i = from; i < to; i++) {
    let s = tokScore[i]!;
    if (butAt >= 0) s *= i < butAt ? 0.5 : i > butAt ? 1.5 : 1;
    sum += s;
  }
  return sum;
}

function punctuationEmphasis(text: string): number {
  let ep = 0;
  let qm = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 33) ep++;
    else if (c === 63) qm++;
  }
  const epAmp = Math.min(ep, 4) * 0.292;
  const qmAmp = qm > 1 ? (qm <= 3 ? qm * 0.18 : 0.96) : 0;
  return epAmp + qmAmp;
}

const SARCASM = /(^|\s)\/s\s*$/;

export function scoreSentiment(text: string, lexicon: Lexicon): SentimentResult {
  tokenize(text, wordInfo(lexicon));
  const capDiff = nUpper > 0 && nUpper < nTok;
  const sarcastic = SARCASM.test(text);
  const out: SentenceScore[] = [];
  let total = 0;
  for (let i = 0; i < nSent; i++) {
    let sum = scoreSentence(sentFrom[i]!, sentTo[i]!, capDiff);
    if (sarcastic) sum = -sum;
    out.push({ start: sentStartChar[i]!, end: sentEndChar[i]!, sum });
    total += sum;
  }
  if (total !== 0) {
    const amp = punctuationEmphasis(text);
    total += total > 0 ? amp : -amp;
  }
  const compound = Math.round(normalize(total) * 10000) / 10000;
  return { compound, label: labelFor(compound), sentences: out };
}
