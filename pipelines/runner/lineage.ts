/**
 * Lineage as data: nodes (sources and models) and edges (upstream -> downstream), for the
 * manifest table, `fde lineage --json` and the UI's graph view.
 */
import type { Project } from './project';

export interface LineageNode {
  id: string;
  kind: 'source' | 'model';
  layer: string;
  materialized?: string;
  description: string;
  file?: string;
  tags: string[];
  columns: Record<string, string>;
  checks: string[];
}

export interface Lineage {
  nodes: LineageNode[];
  edges: Array<{ from: string; to: string }>;
}

export function lineage(project: Project): Lineage {
  const nodes: LineageNode[] = [];
  const edges: Array<{ from: string; to: string }> = [];
  const usedSources = new Set<string>();
  for (const name of project.order) {
    const m = project.models.get(name);
    if (!m) continue;
    nodes.push({
      id: m.relation,
      kind: 'model',
      layer: m.layer,
      materialized: m.config.materialized,
      description: m.config.description,
      file: m.file,
      tags: m.config.tags,
      columns: m.config.columns,
      checks: m.checks.map((c) => c.id),
    });
    for (const s of new Set(m.sources.map((s) => `${s.layer}.${s.table}`))) {
      usedSources.add(s);
      edges.push({ from: s, to: m.relation });
    }
    for (const d of m.dependsOn) edges.push({ from: `${project.models.get(d)?.layer}.${d}`, to: m.relation });
  }
  for (const id of [...usedSources].sort()) {
    const decl = project.sources.get(id);
    nodes.unshift({ id, kind: 'source', layer: id.split('.')[0] ?? '', description: decl?.description ?? '', tags: [], columns: decl?.columns ?? {}, checks: [] });
  }
  return { nodes, edges };
}
