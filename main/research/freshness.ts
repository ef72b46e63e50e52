/** The status bar's freshness: the lake's newest commit and the newest market date. */
import type { LakeFreshness } from '../../api/research-api';
import type { LakeLayer, TableInfo } from '../lake/types';
import type { ResearchContext } from './context';

const FACT = 'gold.fact_realized_vol_daily';

/** The newest commit per lake, recomputed only when some table's version moved. */
const cache = new WeakMap<object, { key: string; latest: { at: number; table: string } | undefined }>();

export async function lakeFreshness(ctx: ResearchContext): Promise<LakeFreshness> {
  const tables = await ctx.lake.listTables();
  const key = tables.map((t) => `${t.id}@${t.version}`).join(',');
  let cached = cache.get(ctx.lake);
  if (cached?.key !== key) {
    cached = { key, latest: await newestCommit(ctx, tables) };
    cache.set(ctx.lake, cached);
  }
  const { latest } = cached;
  let dataDate: string | null = null;
  if (ctx.has(FACT)) {
    const rows = await ctx.duck.all(`SELECT strftime(max(date), '%Y-%m-%d') AS d FROM ${FACT}`);
    dataDate = rows[0]?.d === null || rows[0]?.d === undefined ? null : String(rows[0].d);
  }
  return { latestCommitAt: latest ? new Date(latest.at).toISOString() : null, latestTable: latest?.table ?? null, dataDate };
}

async function newestCommit(ctx: ResearchContext, tables: TableInfo[]): Promise<{ at: number; table: string } | undefined> {
  let latest: { at: number; table: string } | undefined;
  for (const t of tables) {
    const table = await ctx.lake.openTable(t.layer as LakeLayer, t.name);
    if (!table) continue;
    // The snapshot's timestamp is its latest commit's (Delta commitInfo / log file time).
    const { timestamp } = await table.snapshot();
    if (!latest || timestamp > latest.at) latest = { at: timestamp, table: t.id };
  }
  return latest;
}
