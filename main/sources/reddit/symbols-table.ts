/**
 * meta.symbols: the tagger's universe as a lake table. The shipped rows are rewritten when the
 * shipped file changes; rows with origin 'user' (added with `fde nlp symbols add`) are kept and
 * extend the universe at ingest.
 */
import type { Duck } from '../../duck/duck';
import { loadRows } from '../../duck/bulk-load';
import type { Lake } from '../../lake/types';
import { loadSymbolInfos } from '../../../pipelines/nlp/resources';
import type { SymbolInfo } from '../../../pipelines/nlp/universe';
import { SYMBOLS_TABLE } from './tables';

interface Row {
  symbol: string;
  name: string;
  sector: string;
  groups: string;
  aliases: string;
  origin: string;
}

const toRow = (s: SymbolInfo, origin: string): Row => ({
  symbol: s.symbol, name: s.name, sector: s.sector, groups: s.groups.join(','), aliases: s.aliases.join(';'), origin,
});
const toInfo = (r: Row): SymbolInfo => ({
  symbol: r.symbol, name: r.name, sector: r.sector, groups: r.groups.split(',').filter(Boolean), aliases: r.aliases.split(';').filter(Boolean),
});

async function readRows(lake: Lake, duck: Duck): Promise<Row[]> {
  const table = await lake.openTable('meta', 'symbols');
  if (!table) return [];
  const ids = await lake.attach(duck);
  if (!ids.includes('meta.symbols')) return [];
  return duck.all<Row & Record<string, unknown>>('SELECT symbol, name, sector, groups, aliases, origin FROM meta.symbols');
}

async function rewrite(lake: Lake, duck: Duck, rows: Row[]): Promise<void> {
  const table = await lake.ensureTable(SYMBOLS_TABLE);
  const cols = SYMBOLS_TABLE.columns.map((c) => ({ name: c.name, type: 'VARCHAR' as const }));
  const temp = await loadRows(duck, 'meta_symbols_batch', cols, rows as unknown as Record<string, unknown>[]);
  await table.overwrite({ duck, sql: `SELECT symbol, name, sector, groups, aliases, origin FROM ${temp}` }, { partitions: 'all' });
  await duck.run(`DROP TABLE IF EXISTS ${temp}`);
}

/** Makes meta.symbols current and returns the user rows (the universe extension). */
export async function syncSymbols(lake: Lake, duck: Duck): Promise<SymbolInfo[]> {
  const existing = await readRows(lake, duck);
  const user = existing.filter((r) => r.origin === 'user');
  const shipped = loadSymbolInfos().map((s) => toRow(s, 'shipped'));
  const current = existing.filter((r) => r.origin === 'shipped');
  const key = (rows: Row[]) => rows.map((r) => `${r.symbol}|${r.name}|${r.aliases}|${r.groups}`).sort().join('\n');
  if (current.length !== shipped.length || key(current) !== key(shipped)) await rewrite(lake, duck, [...shipped, ...user]);
  return user.map(toInfo);
}

/** Adds or replaces user symbols (by symbol) in meta.symbols. */
export async function addUserSymbols(lake: Lake, duck: Duck, infos: SymbolInfo[]): Promise<number> {
  await syncSymbols(lake, duck);
  const existing = await readRows(lake, duck);
  const replaced = new Set(infos.map((i) => i.symbol));
  const kept = existing.filter((r) => !(r.origin === 'user' && replaced.has(r.symbol)));
  await rewrite(lake, duck, [...kept, ...infos.map((i) => toRow(i, 'user'))]);
  return infos.length;
}
