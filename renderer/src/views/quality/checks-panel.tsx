import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { CheckSummary } from '../../../../api/operations-api';
import { Empty, ErrorState, Loading } from '../../components/states';
import { fmtInt, fmtTime } from '../../lib/format';
import { useApi } from '../../shell/api-context';

const SEVERITY_ORDER = ['error', 'warn'];

/** Every check with its last status, severity and pass/fail history; a row opens its failing rows. */
export function ChecksPanel({ checks }: { checks: CheckSummary[] }) {
  const [selected, setSelected] = useState<string | null>(null);
  const [filter, setFilter] = useState<'all' | 'failing'>('all');
  const failing = (c: CheckSummary) => c.status !== 'pass';
  const shown = checks
    .filter((c) => filter === 'all' || failing(c))
    .sort((a, b) => Number(failing(b)) - Number(failing(a)) || SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || a.checkId.localeCompare(b.checkId));
  return (
    <div className="panel">
      <div className="view-head">
        <h2>Checks</h2>
        <span className="muted">{checks.length} checks · {checks.filter(failing).length} not passing</span>
        <label>
          show{' '}
          <select data-testid="checks-filter" value={filter} onChange={(e) => setFilter(e.target.value as 'all' | 'failing')}>
            <option value="all">all</option>
            <option value="failing">not passing</option>
          </select>
        </label>
      </div>
      <div className="scroll">
        <table className="ops-table" data-testid="checks-table">
          <thead>
            <tr><th>check</th><th>model</th><th>type</th><th>severity</th><th>last</th><th>failures</th><th>history (oldest → newest)</th><th>checked</th></tr>
          </thead>
          <tbody>
            {shown.map((c) => (
              <tr key={c.checkId} data-testid="check-row" data-check={c.checkId} data-status={c.status} className={c.checkId === selected ? 'selected' : undefined} onClick={() => setSelected(c.checkId)}>
                <td><button type="button" className="link" onClick={() => setSelected(c.checkId)}>{c.checkId}</button></td>
                <td>{c.model}</td>
                <td>{c.checkType}</td>
                <td>{c.severity}</td>
                <td><span className={`swatch st-${c.status}`} />{c.status}</td>
                <td>{fmtInt(c.failures)}</td>
                <td>
                  <div className="history-dots" aria-label={`history: ${c.history.map((h) => h.status).join(', ')}`}>
                    {c.history.map((h) => <span key={h.runId} className={`st-${h.status}`} title={`${h.runId}: ${h.status} (${h.failures})`} />)}
                  </div>
                </td>
                <td>{fmtTime(c.checkedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {selected && <FailingRows check={checks.find((c) => c.checkId === selected)!} />}
    </div>
  );
}

function FailingRows({ check }: { check: CheckSummary }) {
  const api = useApi();
  const rows = useQuery({ queryKey: ['checkFailingRows', check.checkId], queryFn: () => api.checkFailingRows({ checkId: check.checkId, limit: 50 }) });
  return (
    <div data-testid="failing-rows" data-check={check.checkId}>
      <h3>{check.checkId}: {check.message}</h3>
      {rows.isPending ? <Loading what="failing rows" /> : rows.error ? <ErrorState error={rows.error} /> : (
        <>
          <pre className="sql">{rows.data.sql}</pre>
          {rows.data.note && <p className="muted">{rows.data.note}</p>}
          {rows.data.rows.length === 0 ? <Empty><p>No failing rows now (the check SQL re-run finds none).</p></Empty> : (
            <div className="scroll">
              <table className="ops-table" data-testid="failing-rows-table" data-rows={rows.data.rows.length}>
                <thead><tr>{rows.data.columns.map((c) => <th key={c}>{c}</th>)}</tr></thead>
                <tbody>{rows.data.rows.map((r, i) => <tr key={i}>{r.map((v, j) => <td key={j}>{v ?? ''}</td>)}</tr>)}</tbody>
              </table>
            </div>
          )}
        </>
      )}
    </div>
  );
}
