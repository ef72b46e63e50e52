import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadSymbolInfos, loadUniverse } from './resources';
import { buildUniverse, nameCore, parseUniverse } from './universe';
import { extractTickers } from './tickers';

const infos = loadSymbolInfos();
const inGroup = (g: string) => infos.filter((i) => i.groups.includes(g)).map((i) => i.symbol);

describe('symbol universe', () => {
  it('covers the index memberships it claims', () => {
    expect(inGroup('s').length).toBeGreaterThanOrEqual(495);
    expect(inGroup('n').length).toBeGreaterThanOrEqual(95);
    expect(inGroup('d')).toHaveLength(30);
    expect(inGroup('h')).toHaveLength(30);
    for (const etf of ['SPY', 'QQQ', 'IWM', 'DIA', 'VOO', 'VTI', 'TLT', 'GLD']) expect(inGroup('e')).toContain(etf);
  });

  it('holds every Dow 2001 member of the shipped market data', () => {
    const csv = readFileSync(fileURLToPath(new URL('../../resources/market/dowjones30_daily_close_1991_2000.csv', import.meta.url)), 'utf8');
    const header = csv.split('\n', 1)[0]!.split(',').slice(1);
    expect(header).toHaveLength(30);
    for (const s of header) expect(inGroup('h')).toContain(s);
  });

  it('has unique symbols with names and sectors', () => {
    const symbols = infos.map((i) => i.symbol);
    expect(new Set(symbols).size).toBe(symbols.length);
    for (const i of infos) {
      expect(i.name.length).toBeGreaterThan(1);
      expect(i.sector.length).toBeGreaterThan(1);
    }
  });

  it('derives name cores without legal suffixes', () => {
    expect(nameCore('The Home Depot Inc.')).toBe('home depot');
    expect(nameCore('Alphabet Inc. Class A')).toBe('alphabet');
    expect(nameCore('Berkshire Hathaway Inc. Class B')).toBe('berkshire hathaway');
  });

  it('is extensible: user rows add symbols and override shipped ones', () => {
    const extra = parseUniverse('ZZZZ|Zeta Widgets Corp.|IND|w|zeta widgets;zw corp\nAAPL|Apple Inc.|TEC|s|fruit company', 'user.psv');
    const u = loadUniverse(extra);
    expect(extractTickers('Zeta Widgets and $ZZZZ', u).map((m) => m.symbol)).toEqual(['ZZZZ', 'ZZZZ']);
    expect(extractTickers('the fruit company beat', u).map((m) => m.symbol)).toEqual(['AAPL']);
    expect(() => parseUniverse('lower|x|y|z|', 'bad.psv')).toThrow(/bad.psv:1/);
  });

  it('marks common words and chat acronyms as ambiguous', () => {
    const u = buildUniverse(parseUniverse('ALL|Allstate|FIN|s|\nDD|DuPont|MAT|s|\nAAPL|Apple Inc.|TEC|s|'), {
      commonWords: ['all'],
      acronyms: ['DD'],
    });
    expect([...u.ambiguous].sort()).toEqual(['ALL', 'DD']);
  });
});
