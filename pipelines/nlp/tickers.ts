/**
 * Ticker extraction: finds symbol mentions in post text and says how each was found.
 *
 * Rules (docs/nlp.md): cashtags ($AAPL, $brk.b) count when the symbol is in the universe;
 * bare upper-case symbols of 2-5 letters count unless they are ambiguous (common words, chat
 * acronyms), which need finance context next to them or the same symbol cashtagged in the
 * post; one-letter symbols only as cashtags; in shouted (mostly upper-case) lines ambiguous
 * words never count; company names, aliases and nicknames map to symbols.
 */
import { CONTEXT, CONTEXT_BEFORE, splitWords, wordText, type Word } from './ticker-words';
import type { Universe } from './universe';

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

const STRIKE_RE = /^\$?\d+(\.\d+)?[cp]$|^\d{1,2}\/\d{1,2}$|^\$\d/i;
const CASHTAG_BODY = /^[A-Za-z]{1,5}([.-][A-Za-z]{1,2})?$/;
const UPPER_SYMBOL = /^[A-Z]{1,5}(\.[A-Z]{1,2})?$/;

function mention(text: string, first: Word, last: Word, symbol: string, how: MentionHow): Mention {
  return { symbol, how, text: text.slice(first.start, last.end), start: first.start, end: last.end };
}

function isShoutedLine(words: Word[], line: number): boolean {
  let letters = 0;
  let upper = 0;
  for (const w of words) {
    if (w.line !== line || w.cashtag || !w.letters) continue;
    letters++;
    if (!w.lower) upper++;
  }
  return letters >= 4 && upper / letters >= 0.7;
}

function hasContext(text: string, words: Word[], i: number): boolean {
  const line = words[i]!.line;
  const before = words[i - 1];
  if (before && before.line === line && CONTEXT_BEFORE.has(before.norm)) return true;
  for (const w of [words[i - 2], before, words[i + 1], words[i + 2]]) {
    if (!w || w.line !== line) continue;
    if (CONTEXT.has(w.norm) || STRIKE_RE.test(w.cashtag ? `$${wordText(text, w)}` : wordText(text, w))) return true;
  }
  return false;
}

function symbolOf(text: string, word: Word): string {
  return wordText(text, word).toUpperCase().replace('-', '.');
}

export function extractTickers(text: string, universe: Universe): Mention[] {
  const words = splitWords(text, universe);
  const mentions: Mention[] = [];
  const cashtagged = new Set<string>();
  for (const w of words) {
    if (w.cashtag && CASHTAG_BODY.test(wordText(text, w))) {
      const sym = symbolOf(text, w);
      if (universe.symbols.has(sym)) cashtagged.add(sym);
    }
  }
  const shouted = new Map<number, boolean>();
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w.cashtag) {
      if (CASHTAG_BODY.test(wordText(text, w))) {
        const sym = symbolOf(text, w);
        if (universe.symbols.has(sym)) mentions.push(mention(text, w, w, sym, 'cashtag'));
      }
      continue;
    }
    // Only words starting with an upper-case letter can be bare symbols: slice just those.
    const c0 = text.charCodeAt(w.bodyStart);
    const raw = c0 >= 65 && c0 <= 90 && w.bodyEnd - w.bodyStart <= 8 ? wordText(text, w) : '';
    if (raw !== '' && UPPER_SYMBOL.test(raw) && universe.symbols.has(raw)) {
      const sym = raw;
      // "GE Vernova" is GEV, not GE: a longer name starting with the symbol wins.
      const longer = matchPhrase(text, words, i, 2);
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
      if (sym.length > 1 && !loud && !chat && (cashtagged.has(sym) || hasContext(text, words, i))) {
        mentions.push(mention(text, w, w, sym, 'symbol_context'));
        continue;
      }
      if (sym.length > 1 || cashtagged.has(sym)) continue;
    }
    const hit = matchPhrase(text, words, i, 1);
    if (hit) {
      mentions.push(mention(text, w, words[i + hit.n - 1]!, hit.symbol, hit.how));
      i += hit.n - 1;
    }
  }
  return mentions;
}

function matchPhrase(
  text: string,
  words: Word[],
  i: number,
  minWords: number,
): { symbol: string; how: MentionHow; n: number } | undefined {
  const w = words[i]!;
  const candidates = w.phrases;
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
      // Capitalised, not all caps ("Apple", not "apple" or "APPLE").
      const c = text.charCodeAt(w.bodyStart);
      if (c < 65 || c > 90 || !w.lower) continue;
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
