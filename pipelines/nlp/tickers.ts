/**
 * Ticker extraction: finds symbol mentions in post text and says how each was found.
 *
 * Rules (docs/nlp.md): cashtags ($AAPL, $brk.b) count when the symbol is in the universe;
 * bare upper-case symbols of 2-5 letters count unless they are ambiguous (common words, chat
 * acronyms), which need finance context next to them or the same symbol cashtagged in the
 * post; one-letter symbols only as cashtags; in shouted (mostly upper-case) lines ambiguous
 * words never count; company names, aliases and nicknames map to symbols.
 */
import { normalizeWord, type Universe } from './universe';

export type MentionHow = 'cashtag' | 'symbol' | 'symbol_context' | 'name' | 'alias';

export interface Mention {
  symbol: string;
  how: MentionHow;
  /** The text as written. */
  text: string;
  /** Character offset in the tagged text. */
  start: number;
  end: number;
}

interface Word {
  raw: string;
  norm: string;
  start: number;
  end: number;
  cashtag: boolean;
  /** Segment number: a new line or a new sentence starts a new segment. */
  line: number;
}

/** Words within two words of an ambiguous bare symbol that make it a ticker. */
const CONTEXT = new Set([
  'calls', 'puts', 'shares', 'stock', 'stocks', 'ticker', 'options', 'leaps', 'strike', 'strikes', 'earnings',
  'contracts', 'position', 'positions', 'bagholder', 'bagholders', 'dividend', 'pt',
]);
/** Weaker verbs that count only right before the symbol ("bought NOW", "selling ON"). */
const CONTEXT_BEFORE = new Set(['bought', 'sold', 'buying', 'selling', 'shorting', 'shorted']);
const STRIKE_RE = /^\$?\d+(\.\d+)?[cp]$|^\d{1,2}\/\d{1,2}$|^\$\d/i;

const WORD_RE = /\$?[A-Za-z0-9][A-Za-z0-9&'\u2019.-]*/g;
const CASHTAG_BODY = /^[A-Za-z]{1,5}([.-][A-Za-z]{1,2})?$/;
const UPPER_SYMBOL = /^[A-Z]{1,5}(\.[A-Z]{1,2})?$/;

function splitWords(text: string): Word[] {
  const words: Word[] = [];
  let line = 0;
  let lastEnd = 0;
  WORD_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD_RE.exec(text)) !== null) {
    for (let i = lastEnd; i < m.index; i++) if (text.charCodeAt(i) === 10) line++;
    let raw = m[0];
    // Trailing dots, dashes and quotes belong to the sentence, not the word.
    let cut = raw.length;
    while (cut > 1 && isTrailing(raw.charCodeAt(cut - 1))) cut--;
    if (cut < raw.length) raw = raw.slice(0, cut);
    const start = m.index;
    lastEnd = start + m[0].length;
    // A word ending a sentence (". ! ?") closes its segment: context never crosses sentences.
    const after = text.charCodeAt(lastEnd);
    const endsSentence = m[0].charCodeAt(m[0].length - 1) === 46 || after === 33 || after === 63 || after === 46;
    // Skip URLs and paths: "https://x.com/AAPL" or "r/stocks" are not mentions.
    const prev = start > 0 ? text.charCodeAt(start - 1) : 32;
    if (prev === 47 /* / */ || prev === 58 /* : */ || prev === 64 /* @ */) continue;
    const cashtag = raw.charCodeAt(0) === 36;
    let body = cashtag ? raw.slice(1) : raw;
    if (body.length > 2 && body.charCodeAt(body.length - 1) === 115 && isTrailing(body.charCodeAt(body.length - 2)) && /^[A-Z]{1,5}['\u2019]s$/.test(body)) {
      body = body.slice(0, -2); // "GME's"
    }

    words.push({ raw: body, norm: normalizeWord(body), start, end: start + raw.length, cashtag, line });
    if (endsSentence) line++;
  }
  return words;
}

/** . ' ’ - at the end of a word belong to the sentence. */
function isTrailing(c: number): boolean {
  return c === 46 || c === 39 || c === 0x2019 || c === 45;
}

function mention(text: string, first: Word, last: Word, symbol: string, how: MentionHow): Mention {
  return { symbol, how, text: text.slice(first.start, last.end), start: first.start, end: last.end };
}

function isShoutedLine(words: Word[], line: number): boolean {
  let letters = 0;
  let upper = 0;
  for (const w of words) {
    if (w.line !== line || w.cashtag || !/[A-Za-z]/.test(w.raw)) continue;
    letters++;
    if (w.raw === w.raw.toUpperCase()) upper++;
  }
  return letters >= 4 && upper / letters >= 0.7;
}

function hasContext(words: Word[], i: number): boolean {
  const line = words[i]!.line;
  const before = words[i - 1];
  if (before && before.line === line && CONTEXT_BEFORE.has(before.norm)) return true;
  for (const w of [words[i - 2], before, words[i + 1], words[i + 2]]) {
    if (!w || w.line !== line) continue;
    if (CONTEXT.has(w.norm) || STRIKE_RE.test(w.cashtag ? `$${w.raw}` : w.raw)) return true;
  }
  return false;
}

function symbolOf(word: Word): string {
  return word.raw.toUpperCase().replace('-', '.');
}

export function extractTickers(text: string, universe: Universe): Mention[] {
  const words = splitWords(text);
  const mentions: Mention[] = [];
  const cashtagged = new Set<string>();
  for (const w of words) {
    if (w.cashtag && CASHTAG_BODY.test(w.raw)) {
      const sym = symbolOf(w);
      if (universe.symbols.has(sym)) cashtagged.add(sym);
    }
  }
  const shouted = new Map<number, boolean>();
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w.cashtag) {
      if (CASHTAG_BODY.test(w.raw)) {
        const sym = symbolOf(w);
        if (universe.symbols.has(sym)) mentions.push(mention(text, w, w, sym, 'cashtag'));
      }
      continue;
    }
    const c0 = w.raw.charCodeAt(0);
    if (c0 >= 65 && c0 <= 90 && w.raw.length <= 8 && UPPER_SYMBOL.test(w.raw) && universe.symbols.has(w.raw)) {
      const sym = w.raw;
      // "GE Vernova" is GEV, not GE: a longer name starting with the symbol wins.
      const longer = matchPhrase(words, i, universe, 2);
      if (longer) {
        mentions.push(mention(text, w, words[i + longer.n - 1]!, longer.symbol, longer.how));
        i += longer.n - 1;
        continue;
      }
      if (!universe.ambiguous.has(sym)) {
        mentions.push(mention(text, w, w, sym, 'symbol'));
        continue;
      }
      let loud = shouted.get(w.line);
      if (loud === undefined) {
        loud = isShoutedLine(words, w.line);
        shouted.set(w.line, loud);
      }
      // "ALL IN", "GO IN": an ambiguous word followed by "in" is chat, not a ticker.
      const chat = words[i + 1]?.norm === 'in' && !cashtagged.has(sym);
      if (sym.length > 1 && !loud && !chat && (cashtagged.has(sym) || hasContext(words, i))) {
        mentions.push(mention(text, w, w, sym, 'symbol_context'));
        continue;
      }
      if (sym.length > 1 || cashtagged.has(sym)) continue;
    }
    const hit = matchPhrase(words, i, universe, 1);
    if (hit) {
      mentions.push(mention(text, w, words[i + hit.n - 1]!, hit.symbol, hit.how));
      i += hit.n - 1;
    }
  }
  return mentions;
}

function matchPhrase(
  words: Word[],
  i: number,
  universe: Universe,
  minWords: number,
): { symbol: string; how: MentionHow; n: number } | undefined {
  const w = words[i]!;
  const candidates = universe.phrases.get(w.norm);
  if (!candidates) return undefined;
  for (const phrase of candidates) {
    const n = phrase.words.length;
    if (n < minWords || i + n > words.length) continue;
    let ok = true;
    for (let k = 1; k < n; k++) {
      const next = words[i + k]!;
      if (next.norm !== phrase.words[k] || next.cashtag || next.line !== w.line) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    if (phrase.caseSensitive) {
      const c = w.raw.charCodeAt(0);
      if (c < 65 || c > 90 || w.raw === w.raw.toUpperCase()) continue;
    }
    return { symbol: phrase.symbol, how: phrase.how, n };
  }
  return undefined;
}

/** Unique symbols in order of first mention. */
export function uniqueSymbols(mentions: readonly Mention[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const m of mentions) {
    if (!seen.has(m.symbol)) {
      seen.add(m.symbol);
      out.push(m.symbol);
    }
  }
  return out;
}
