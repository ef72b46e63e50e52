import { Handle, Position, type NodeProps, type Node } from '@xyflow/react';
import type { LineageNode } from '../../../../api/operations-api';
import { fmtInt } from '../../lib/format';

export type LineageFlowNode = Node<{ node: LineageNode }, 'lineage'>;

function age(iso: string | null): string {
  if (!iso) return '—';
  const s = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
  if (s < 90) return `${Math.round(s)} s ago`;
  if (s < 5400) return `${Math.round(s / 60)} min ago`;
  if (s < 172800) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}

/** A table in the graph: rows, last run, state, freshness, checks, and why it is stale. */
export function LineageNodeView({ data }: NodeProps<LineageFlowNode>) {
  const n = data.node;
  const stale = n.stale.length > 0;
  return (
    <div
      className={`lnode k-${n.kind} s-${n.state.replace(' ', '-')}${stale ? ' stale' : ''}`}
      data-testid="lineage-node"
      data-id={n.id}
      data-rows={n.rows ?? ''}
      data-state={n.state}
      data-stale={stale ? n.stale.map((r) => r.kind).join(',') : ''}
      title={n.stale.map((r) => r.detail).join('\n')}
    >
      <Handle type="target" position={Position.Left} />
      <b>{n.label}</b>
      <div>
        {n.rows !== null ? `${fmtInt(n.rows)} rows` : n.materialized ?? n.kind} · {n.state}
        {n.version !== null ? ` · v${n.version}` : ''}
      </div>
      <div>
        fresh {age(n.updatedAt)} · last run {n.lastRun ? `${n.lastRun.job} ${n.lastRun.state}` : '—'}
      </div>
      <div>
        checks <span className={`swatch st-${n.checks.status === 'none' ? 'missing' : n.checks.status}`} />
        {n.checks.status === 'none' ? 'none' : `${n.checks.pass} pass, ${n.checks.warn} warn, ${n.checks.fail} fail`}
      </div>
      {stale && <div className="stale-why">stale: {[...new Set(n.stale.map((r) => (r.kind === 'upstream' ? 'upstream changed' : r.kind === 'check' ? 'check failed' : 'SQL changed')))].join(', ')}</div>}
      <Handle type="source" position={Position.Right} />
    </div>
  );
}
