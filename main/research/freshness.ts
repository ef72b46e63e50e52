/** The status bar's freshness: the lake's newest commit and the newest market date. */
import type { LakeFreshness } from '../../api/research-api';
import type { LakeLayer } from '../lake/types';
import type { ResearchContext } from './context';

const FACT = 'gold.fact_realized_vol_daily';

export async function lakeFreshness(ctx: ResearchContext): Promise<LakeFreshness> {
  let latest: { at: number; table: string } | undefined;
  for (const t of await ctx.lake.listTables()) {
    const table = await ctx.lake.openTable(t.layer as LakeLayer, t.name);
    if (!table) continue;
    // The snapshot's timestamp is its latest commit's (Delta commitInfo / log file time).
    const { timestamp } = await table.snapshot();
    if (!latest || timestamp > latest.at) latest = { at: timestamp, table: t.id };
  }
  let dataDate: string | null = null;
  if (ctx.has(FACT)) {
    const rows = await ctx.duck.all(`SELECT strftime(max(date), '%Y-%m-%d') AS d FROM ${FACT}`);
    dataDate = rows[0]?.d === null || rows[0]?.d === undefined ? null : String(rows[0].d);
  }
  return { latestCommitAt: latest ? new Date(latest.at).toISOString() : null, latestTable: latest?.table ?? null, dataDate };
}
