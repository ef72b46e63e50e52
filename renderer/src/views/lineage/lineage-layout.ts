/**
 * Lays the lineage graph out left to right with dagre (sources -> bronze -> silver -> gold ->
 * forecasts -> published follow from the edges). Pure: the view and bench:ui-ops both call it.
 */
import dagre from '@dagrejs/dagre';

export const NODE_W = 200;
export const NODE_H = 78;

export function layoutGraph(nodes: readonly { id: string }[], edges: readonly { from: string; to: string }[]): Map<string, { x: number; y: number }> {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 14, ranksep: 70, marginx: 10, marginy: 10 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.id, { width: NODE_W, height: NODE_H });
  for (const e of edges) if (g.hasNode(e.from) && g.hasNode(e.to)) g.setEdge(e.from, e.to);
  dagre.layout(g);
  const out = new Map<string, { x: number; y: number }>();
  for (const n of nodes) {
    const p = g.node(n.id);
    // dagre gives centres; React Flow places nodes by their top-left corner.
    out.set(n.id, { x: p.x - NODE_W / 2, y: p.y - NODE_H / 2 });
  }
  return out;
}
