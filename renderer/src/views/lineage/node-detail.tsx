import { useMutation, useQuery } from '@tanstack/react-query';
import type { LineageNode } from '../../../../api/operations-api';
import { ErrorState, Loading } from '../../components/states';
import { fmtInt, fmtTime } from '../../lib/format';
import { useApi } from '../../shell/api-context';

/** The clicked node: schema, SQL, docs, checks and run history; "Build this and downstream" for models. */
export function NodeDetail({ node, onBuild }: { node: LineageNode; onBuild: (runId: string) => void }) {
  const api = useApi();
  const detail = useQuery({ queryKey: ['lineageNode', node.id], queryFn: () => api.lineageNode({ id: node.id }) });
  const model = node.kind === 'model' ? node.id.split('.')[1] : undefined;
  const build = useMutation({
    mutationFn: () => api.triggerRun({ job: 'build-models', params: { select: `${model}+` } }),
    onSuccess: (r) => onBuild(r.runId),
  });
  return (
    <aside className="panel" data-testid="node-detail" data-id={node.id}>
      <h2>{node.id}</h2>
      {model && (
        <button type="button" className="primary" data-testid="build-downstream" disabled={build.isPending} onClick={() => build.mutate()}>
          Build this and downstream
        </button>
      )}
      {build.error && <ErrorState error={build.error} />}
      {build.data && <p className="muted" data-testid="build-run">Queued build-models run {build.data.runId} (select {model}+)</p>}
      {node.stale.length > 0 && (
        <ul data-testid="stale-reasons">
          {node.stale.map((r, i) => (
            <li key={i} className="stale-why">{r.kind}: {r.detail}</li>
          ))}
        </ul>
      )}
      {detail.isPending ? (
        <Loading what="the node" />
      ) : detail.error ? (
        <ErrorState error={detail.error} />
      ) : (
        <>
          <p>{detail.data.description || <span className="muted">No description.</span>}</p>
          <h3>Schema</h3>
          <table className="ops-table" data-testid="node-schema">
            <tbody>
              {detail.data.columns.map((c) => (
                <tr key={c.name}><td><code>{c.name}</code></td><td>{c.type}</td><td className="muted">{c.description}</td></tr>
              ))}
            </tbody>
          </table>
          {detail.data.sql && (
            <>
              <h3>SQL <small className="muted">{detail.data.file}</small></h3>
              <pre className="sql" data-testid="node-sql">{detail.data.sql}</pre>
            </>
          )}
          <h3>Checks</h3>
          {detail.data.checks.length ? (
            <table className="ops-table">
              <tbody>
                {detail.data.checks.map((c) => (
                  <tr key={c.checkId}><td>{c.checkId}</td><td><span className={`swatch st-${c.status}`} />{c.status}</td><td>{c.severity}</td></tr>
                ))}
              </tbody>
            </table>
          ) : <p className="muted">No checks.</p>}
          <h3>Runs</h3>
          <table className="ops-table" data-testid="node-runs">
            <tbody>
              {detail.data.runs.map((r) => (
                <tr key={r.runId}><td>{r.job}</td><td>{r.state}</td><td>{fmtTime(r.endedAt ?? r.startedAt)}</td><td>{fmtInt(r.rowsWritten)} rows</td></tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </aside>
  );
}
