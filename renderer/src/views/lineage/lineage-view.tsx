import { useMemo, useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Background, Controls, ReactFlow, type Edge } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { ErrorState, Loading } from '../../components/states';
import { useEvent } from '../../components/use-event';
import { useApi } from '../../shell/api-context';
import { useTheme } from '../../shell/theme';
import { layoutGraph } from './lineage-layout';
import { LineageNodeView, type LineageFlowNode } from './lineage-node';
import { NodeDetail } from './node-detail';
import '../../components/ops.css';

const nodeTypes = { lineage: LineageNodeView };

/** Lineage: sources -> bronze -> silver -> gold -> forecasts -> published, live while runs build it. */
export default function LineageView() {
  const api = useApi();
  const client = useQueryClient();
  const theme = useTheme();
  const graph = useQuery({ queryKey: ['lineageGraph'], queryFn: () => api.lineageGraph({}) });
  const [selected, setSelected] = useState<string | null>(null);
  const [following, setFollowing] = useState<string | null>(null);
  const [followState, setFollowState] = useState<string>('');
  const last = useRef(0);
  // The graph follows runs live: refetch on run/task changes of jobs that write the lake, at most twice a second.
  const refetch = () => {
    const now = Date.now();
    if (now - last.current < 500) return;
    last.current = now;
    void client.invalidateQueries({ queryKey: ['lineageGraph'] });
  };
  useEvent('runUpdated', (r) => {
    if (r.runId === following) setFollowState(r.state);
    if (r.state !== 'queued') refetch();
  });
  useEvent('taskUpdated', (t) => t.state !== 'running' && refetch());
  useEvent('lakeChanged', refetch);

  // Timed for bench:ui-ops (data-layout-ms): dagre over the whole project must stay well under 500 ms.
  const [layout, layoutMs] = useMemo(() => {
    const t0 = performance.now();
    const positions = graph.data ? layoutGraph(graph.data.nodes, graph.data.edges) : new Map<string, { x: number; y: number }>();
    return [positions, performance.now() - t0] as const;
  }, [graph.data]);
  const nodes = useMemo<LineageFlowNode[]>(
    () => (graph.data?.nodes ?? []).map((n) => ({ id: n.id, type: 'lineage', position: layout.get(n.id) ?? { x: 0, y: 0 }, data: { node: n }, selected: n.id === selected })),
    [graph.data, layout, selected],
  );
  const edges = useMemo<Edge[]>(
    () => (graph.data?.edges ?? []).map((e) => ({ id: `${e.from}>${e.to}`, source: e.from, target: e.to, animated: graph.data?.nodes.find((n) => n.id === e.to)?.state === 'running' })),
    [graph.data],
  );
  if (graph.isPending) return <Loading what="the lineage graph" />;
  if (graph.error) return <ErrorState error={graph.error} retry={() => void graph.refetch()} />;
  const node = graph.data.nodes.find((n) => n.id === selected);
  const stale = graph.data.nodes.filter((n) => n.stale.length).length;
  return (
    <section data-testid="lineage-view" data-nodes={graph.data.nodes.length} data-layout-ms={layoutMs.toFixed(2)}>
      <div className="view-head">
        <h1>Lineage</h1>
        <span className="muted">
          {graph.data.nodes.length} nodes · {graph.data.edges.length} edges · {stale} stale
          {following && <span data-testid="follow-state" data-state={followState}> · following {following}: {followState || 'queued'}</span>}
        </span>
      </div>
      <div className="lineage-wrap">
        <div className="lineage-canvas" data-testid="lineage-canvas">
          <ReactFlow
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            colorMode={theme}
            fitView
            minZoom={0.1}
            nodesDraggable={false}
            nodesConnectable={false}
            onNodeClick={(_e, n) => setSelected(n.id)}
          >
            <Background />
            <Controls showInteractive={false} />
          </ReactFlow>
        </div>
        {node ? <NodeDetail node={node} onBuild={(runId) => { setFollowing(runId); setFollowState('queued'); }} /> : <aside className="panel"><p className="muted">Click a node for its schema, SQL, docs, checks and runs.</p></aside>}
      </div>
    </section>
  );
}
