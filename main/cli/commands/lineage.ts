import { resolve } from 'node:path';
import type { Command } from 'commander';
import { openLake } from '../../lake/index';
import { readProject } from '../../models/project-files';
import { lineage } from '../../../pipelines/runner/index';
import { DEFAULT_LAKE } from './demo';

export function registerLineageCommand(program: Command): void {
  program
    .command('lineage')
    .description('show the model graph: sources, models, and which feeds which (with lake versions and row counts)')
    .option('--lake <dir>', 'lake folder or URL', DEFAULT_LAKE)
    .option('--json', 'print {nodes, edges} as JSON')
    .addHelpText('after', `\nExamples:\n  $ fde lineage --lake ./lake\n  $ fde lineage --json | jq '.edges[] | select(.to == "gold.fact_bars_1d")'`)
    .action(async (o: { lake: string; json?: boolean }) => {
      const graph = lineage(await readProject());
      const lake = await openLake(o.lake.includes('://') ? o.lake : resolve(o.lake));
      const tables = new Map((await lake.listTables().catch(() => [])).map((t) => [t.id, t]));
      await lake.close();
      const nodes = graph.nodes.map((n) => {
        const t = tables.get(n.id);
        return { ...n, version: t?.version ?? null, rows: t?.numRecords ?? null };
      });
      if (o.json) {
        process.stdout.write(`${JSON.stringify({ nodes, edges: graph.edges }, null, 2)}\n`);
        return;
      }
      const parents = new Map<string, string[]>();
      for (const e of graph.edges) parents.set(e.to, [...(parents.get(e.to) ?? []), e.from]);
      for (const n of nodes) {
        const where = n.kind === 'source' ? 'source' : (n.materialized ?? '');
        const state = n.version === null ? (n.materialized === 'view' ? 'view' : 'not built') : `v${n.version}, ${n.rows} rows`;
        process.stdout.write(`${n.id.padEnd(36)} ${where.padEnd(11)} ${state}\n`);
        const from = parents.get(n.id);
        if (from) process.stdout.write(`    <- ${from.join(', ')}\n`);
      }
    });
}
