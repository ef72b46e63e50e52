import { describe, expect, it } from 'vitest';
import { readProject } from '../models/project-files';
import { graphShape } from './lineage-graph';
import { fingerprintOf, inputsOf } from './staleness-reasons';

describe('lineage graph shape', () => {
  it('runs from the feeds through bronze, silver and gold to forecasts and PostgreSQL', async () => {
    const { nodes, edges } = graphShape(await readProject());
    const kind = new Map(nodes.map((n) => [n.id, n.kind]));
    for (const [id, k] of [['source.alpaca', 'source'], ['source.daily-bars', 'source'], ['bronze.alpaca_trades', 'bronze'], ['silver.trades', 'model'], ['gold.fact_realized_vol_daily', 'model'], ['gold.vol_forecasts', 'forecast'], ['pg.fact_bars_1d', 'published']] as const) {
      expect(kind.get(id), id).toBe(k);
    }
    const has = (from: string, to: string) => edges.some((e) => e.from === from && e.to === to);
    expect(has('source.alpaca', 'bronze.alpaca_trades')).toBe(true);
    expect(has('source.daily-bars', 'bronze.market_daily_bars')).toBe(true);
    expect(has('gold.fact_realized_vol_daily', 'gold.vol_forecasts')).toBe(true);
    expect(has('gold.fact_bars_1d', 'pg.fact_bars_1d')).toBe(true);
    // Every edge joins two nodes of the graph, and nothing feeds a source.
    for (const e of edges) {
      expect(kind.has(e.from) && kind.has(e.to), `${e.from} -> ${e.to}`).toBe(true);
      expect(kind.get(e.to)).not.toBe('source');
    }
  });

  it("recomputes the model runner's fingerprint: same inputs and SQL give the same hash, a changed input version does not", async () => {
    const project = await readProject();
    const model = project.models.get('fact_bars_1d')!;
    const { tables, views } = inputsOf(project, model);
    expect([...tables]).toContain('silver.bars_1d');
    const v = new Map([...tables].map((t) => [t, '3']));
    const a = fingerprintOf(model, views, v);
    expect(fingerprintOf(model, views, new Map(v))).toBe(a);
    expect(fingerprintOf(model, views, new Map([...v].map(([k]) => [k, '4'])))).not.toBe(a);
    expect(fingerprintOf({ ...model, sqlHash: `${model.sqlHash}x` }, views, v)).not.toBe(a);
  });
});
