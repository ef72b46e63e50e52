import { describe, expect, it } from 'vitest';
import { extractTickers, uniqueSymbols } from './tickers';
import { loadUniverse } from './resources';

const universe = loadUniverse();
const syms = (text: string) => uniqueSymbols(extractTickers(text, universe));
const how = (text: string) => extractTickers(text, universe).map((m) => `${m.symbol}:${m.how}`);

describe('ticker extraction', () => {
  it('accepts cashtags of known symbols in any case, not prices or unknown tags', () => {
    expect(how('$AAPL and $tsla and $brk.b and $BRK-B')).toEqual(['AAPL:cashtag', 'TSLA:cashtag', 'BRK.B:cashtag', 'BRK.B:cashtag']);
    expect(syms('bought at $420 and $69.42')).toEqual([]);
    expect(syms('$ZZZZ is not a company')).toEqual([]);
  });

  it('accepts unambiguous bare symbols and strips possessives and punctuation', () => {
    expect(how("NVDA's earnings, then MSFT.")).toEqual(['NVDA:symbol', 'MSFT:symbol']);
  });

  it('needs context for common-word symbols', () => {
    expect(syms('IT is what it is')).toEqual([]);
    expect(syms('ALL of this is priced in')).toEqual([]);
    expect(syms('NOW or never')).toEqual([]);
    expect(how('bought NOW shares')).toEqual(['NOW:symbol_context']);
    expect(how('ON 45c expiring Friday')).toEqual(['ON:symbol_context']);
    expect(syms('DD on $DD: DuPont is cheap, DD is my pick')).toEqual(['DD']);
    expect(syms('Where is the DD?')).toEqual([]);
    expect(syms('Not selling. ALL IN')).toEqual([]);
    expect(syms('Selling puts, ALL in on calls')).toEqual([]);
  });

  it('never takes ambiguous words from shouted lines', () => {
    expect(syms('ALL IN NOW BUY THE DIP SHARES')).toEqual([]);
    expect(syms('MSFT ALL TIME HIGHS LETS GO')).toEqual(['MSFT']);
  });

  it('takes one-letter symbols only as cashtags', () => {
    expect(syms('U guys see that? A lot of F in chat')).toEqual([]);
    expect(syms('$F and $T')).toEqual(['F', 'T']);
  });

  it('maps names, aliases and nicknames; common-word names only capitalised', () => {
    expect(how('Microsoft, Arista Networks and Home Depot look cheap')).toEqual(['MSFT:alias', 'ANET:name', 'HD:alias']);
    expect(syms('Tim Apple announced a buyback')).toEqual(['AAPL']);
    expect(syms('Apple event today')).toEqual(['AAPL']);
    expect(syms('I ate an apple')).toEqual([]);
    expect(syms("The mouse is dying, Mickey can't save it")).toEqual(['DIS']);
    expect(syms('Procter & Gamble and AT&T')).toEqual(['PG', 'T']);
    expect(syms("McDonald's is recession proof")).toEqual(['MCD']);
  });

  it('prefers a longer name that starts with a symbol', () => {
    expect(syms('GE Vernova spun off')).toEqual(['GEV']);
    expect(syms('GE Aerospace backlog')).toEqual(['GE']);
  });

  it('ignores URLs, subreddit names and user names', () => {
    expect(syms('see https://example.com/AAPL and r/NVDA and u/TSLA')).toEqual([]);
  });

  it('keeps every mention with its offsets', () => {
    const text = 'TSLA up, $TSLA calls, Tesla moon';
    const m = extractTickers(text, universe);
    expect(m).toHaveLength(3);
    for (const x of m) expect(text.slice(x.start, x.end)).toBe(x.text);
  });
});
