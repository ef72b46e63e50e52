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
import { BOOSTERS, IDIOMS, type Lexicon } from './lexicon';
import {
  sentEndChar, sentFrom, sentStartChar, sentTo, tokenize, tokInfo, tokLower, tokNt, tokScore, tokUpper,
} from './sentiment-tokens';
import { isSpace } from './text-scan';

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

function soThis(k: number, from: number): boolean {
  if (k < from) return false;
  const w = tokLower[k];
  return w === 'so' || w === 'this';
}

/**
 * Scores tokens [from, to) of one sentence (VADER sentiment_valence + idioms + but_check).
 * tokLower is empty for words without a WordInfo: compare tokens only against words that
 * wordTables (sentiment-tokens.ts) gives an info, or add the word there.
 */
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
      else if (prev?.negation || tokNt[j]) v *= N_SCALAR;
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

/** A trailing "/s" (regex `(^|\s)\/s\s*$`), checked from the end instead of scanning the text. */
function isSarcastic(text: string): boolean {
  let e = text.length;
  while (e > 0 && isSpace(text.charCodeAt(e - 1))) e--;
  if (e < 2 || text.charCodeAt(e - 1) !== 115 || text.charCodeAt(e - 2) !== 47) return false;
  return e === 2 || isSpace(text.charCodeAt(e - 3));
}

export function scoreSentiment(text: string, lexicon: Lexicon): SentimentResult {
  const counts = tokenize(text, lexicon);
  const capDiff = counts.upper > 0 && counts.upper < counts.tokens;
  const sarcastic = isSarcastic(text);
  const out: SentenceScore[] = [];
  let total = 0;
  for (let i = 0; i < counts.sentences; i++) {
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
