/**
 * The symbol universe: symbols with company names, aliases and nicknames, and the derived
 * indexes the ticker extractor needs (ambiguous symbols, alias phrases by first word).
 * Pure: callers pass file texts or rows (resources.ts loads resources/symbols/universe.psv;
 * the app can extend it with rows from the lake table meta.symbols or a user file).
 */

export interface SymbolInfo {
  symbol: string;
  name: string;
  sector: string;
  /** s = S&P 500, n = Nasdaq-100, d = Dow 30 today, h = Dow 30 in 2001, e = ETF, w = popular. */
  groups: string[];
  /** Lower-case aliases and nicknames (exact phrases). */
  aliases: string[];
}

export const SECTOR_NAMES: Readonly<Record<string, string>> = {
  TEC: 'Information Technology',
  COM: 'Communication Services',
  CD: 'Consumer Discretionary',
  CS: 'Consumer Staples',
  EN: 'Energy',
  FIN: 'Financials',
  HC: 'Health Care',
  IND: 'Industrials',
  MAT: 'Materials',
  RE: 'Real Estate',
  UT: 'Utilities',
  ETF: 'Exchange-Traded Fund',
};

export interface AliasPhrase {
  words: string[];
  symbol: string;
  how: 'name' | 'alias';
  /** Common-word phrases only count in their capitalised form ("Apple", not "apple pie"). */
  caseSensitive: boolean;
}

export interface Universe {
  readonly symbols: ReadonlyMap<string, SymbolInfo>;
  /** Real symbols that are also common words or chat acronyms: need context when bare. */
  readonly ambiguous: ReadonlySet<string>;
  /** First normalized word -> phrases starting with it, longest first. */
  readonly phrases: ReadonlyMap<string, AliasPhrase[]>;
  readonly commonWords: ReadonlySet<string>;
}

const SYMBOL_RE = /^[A-Z]{1,5}(\.[A-Z]{1,2})?$/;

/** Parses `SYMBOL|Name|Sector|groups|aliases` lines (`#` comments). */
export function parseUniverse(text: string, source = 'universe.psv'): SymbolInfo[] {
  const out: SymbolInfo[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (line.length === 0 || line.startsWith('#')) continue;
    const [symbol = '', name = '', sector = '', groups = '', aliases = ''] = line.split('|');
    if (!SYMBOL_RE.test(symbol) || name.length === 0) {
      throw new Error(`${source}:${i + 1}: expected "SYMBOL|Name|Sector|groups|aliases" with an upper-case symbol`);
    }
    out.push({
      symbol,
      name,
      sector: SECTOR_NAMES[sector] ?? sector,
      groups: groups.split(',').filter(Boolean),
      aliases: aliases.split(';').map((a) => a.trim().toLowerCase()).filter(Boolean),
    });
  }
  return out;
}

/** Parses a whitespace-separated word list (`#` comment lines). */
export function parseWordList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .filter((l) => !l.startsWith('#'))
    .join(' ')
    .split(/\s+/)
    .filter(Boolean);
}

const NAME_SUFFIX =
  /(,?\s+(inc\.?|incorporated|corporation|corp\.?|company|co\.?|plc|ltd\.?|limited|holdings?|group|n\.v\.|s\.a\.|sa|a\/s|oyj|class [abc]|& co\.?|trust|etf|fund))+$/i;

/** "The Home Depot Inc." -> "home depot". */
export function nameCore(name: string): string {
  let core = name.trim().replace(/^the\s+/i, '');
  for (let i = 0; i < 3; i++) core = core.replace(NAME_SUFFIX, '').trim();
  return core.toLowerCase();
}

/** Splits text into normalized words the same way for aliases and posts. */
export function normalizeWord(word: string): string {
  let w = word.toLowerCase();
  if (w.indexOf('\u2019') < 0 && w.indexOf("'") < 0) return w;
  w = w.replaceAll('\u2019', "'");
  if (w.endsWith("'s")) w = w.slice(0, -2);
  else if (w.endsWith("'")) w = w.slice(0, -1);
  return w;
}

export function phraseWords(phrase: string): string[] {
  // Same word shapes as the extractor: a word starts with a letter or digit ("&" alone is not one).
  return (phrase.match(/[a-z0-9][a-z0-9&'\u2019.-]*/gi) ?? []).map(normalizeWord).filter(Boolean);
}

export interface BuildOptions {
  commonWords: Iterable<string>;
  acronyms: Iterable<string>;
}

/** Later entries override earlier ones with the same symbol (user extensions win). */
export function buildUniverse(infos: Iterable<SymbolInfo>, options: BuildOptions): Universe {
  const symbols = new Map<string, SymbolInfo>();
  for (const info of infos) symbols.set(info.symbol, info);
  const common = new Set([...options.commonWords].map((w) => w.toLowerCase()));
  const acronyms = new Set([...options.acronyms].map((w) => w.toUpperCase()));
  const ambiguous = new Set<string>();
  for (const symbol of symbols.keys()) {
    if (symbol.length === 1 || common.has(symbol.toLowerCase()) || acronyms.has(symbol)) ambiguous.add(symbol);
  }
  const phrases = new Map<string, AliasPhrase[]>();
  const seen = new Set<string>();
  const add = (phrase: string, symbol: string, how: AliasPhrase['how']) => {
    const words = phraseWords(phrase);
    if (words.length === 0) return;
    const key = words.join(' ');
    const singleCommon = words.length === 1 && common.has(words[0]!);
    // A derived name that is one common word ("Target") is too noisy; explicit aliases keep it
    // but only in capitalised form.
    if (how === 'name' && singleCommon) return;
    if (seen.has(key)) return;
    seen.add(key);
    const first = words[0]!;
    const list = phrases.get(first) ?? [];
    list.push({ words, symbol, how, caseSensitive: singleCommon });
    list.sort((a, b) => b.words.length - a.words.length);
    phrases.set(first, list);
  };
  // Explicit aliases first: they win over a derived name with the same words.
  for (const info of symbols.values()) for (const alias of info.aliases) add(alias, info.symbol, 'alias');
  for (const info of symbols.values()) {
    if (info.groups.includes('e')) continue; // ETF legal names are not how people refer to them
    add(nameCore(info.name), info.symbol, 'name');
  }
  return { symbols, ambiguous, phrases, commonWords: common };
}
