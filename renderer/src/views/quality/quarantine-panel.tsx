import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { QuarantineRecord, RetryResult } from '../../../../api/operations-api';
import { Empty, ErrorState, Loading } from '../../components/states';
import { fmtTime } from '../../lib/format';
import { useApi } from '../../shell/api-context';

/** bronze.quarantine by reason, each record with its raw payload; retry one (optionally corrected) or all with a reason. */
export function QuarantinePanel() {
  const api = useApi();
  const client = useQueryClient();
  const [reason, setReason] = useState<string | undefined>(undefined);
  const [editing, setEditing] = useState<QuarantineRecord | null>(null);
  const [draft, setDraft] = useState('');
  const [result, setResult] = useState<RetryResult | null>(null);
  const list = useQuery({ queryKey: ['quarantineList', reason], queryFn: () => api.quarantineList(reason !== undefined ? { reason } : {}) });
  const retry = useMutation({
    mutationFn: (req: { recordIds: string[]; fixedRaw?: string } | { reason: string }) => api.quarantineRetry(req),
    onSuccess: (r) => {
      setResult(r);
      setEditing(null);
      void client.invalidateQueries({ queryKey: ['quarantineList'] });
    },
  });
  if (list.isPending) return <Loading what="the quarantine" />;
  if (list.error) return <ErrorState error={list.error} retry={() => void list.refetch()} />;
  const data = list.data;
  return (
    <div className="panel" data-testid="quarantine" data-total={data.total}>
      <div className="view-head">
        <h2>Quarantine</h2>
        <span className="muted">{data.total} record{data.total === 1 ? "" : "s"} refused by a contract</span>
        {reason !== undefined && <button type="button" onClick={() => setReason(undefined)}>All reasons</button>}
      </div>
      {retry.error && <ErrorState error={retry.error} />}
      {result && (
        <p data-testid="retry-result" data-landed={result.landed} data-already={result.alreadyLanded} data-invalid={result.stillInvalid.length}>
          Retry {result.retryId || '—'}: {result.landed} landed in {result.target ?? '—'}, {result.alreadyLanded} already landed earlier
          {result.stillInvalid.length ? `, ${result.stillInvalid.length} still invalid (${result.stillInvalid[0]!.reason})` : ''}.
        </p>
      )}
      {data.total === 0 ? <Empty><p>Nothing is quarantined: every record passed its contract.</p></Empty> : (
        <>
          <table className="ops-table" data-testid="quarantine-reasons">
            <thead><tr><th>reason</th><th>source</th><th>contract</th><th>records</th><th>not yet landed</th><th /></tr></thead>
            <tbody>
              {data.reasons.map((g) => (
                <tr key={`${g.reason}|${g.source}`}>
                  <td><button type="button" className="link" onClick={() => setReason(g.reason)}>{g.reason}</button></td>
                  <td>{g.source}</td><td>{g.contract}</td><td>{g.count}</td><td>{g.pending}</td>
                  <td><button type="button" data-testid="retry-reason" disabled={g.pending === 0 || retry.isPending} onClick={() => retry.mutate({ reason: g.reason })}>Retry all with this reason</button></td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="scroll">
            <table className="ops-table" data-testid="quarantine-records">
              <thead><tr><th>received</th><th>source</th><th>contract</th><th>reason</th><th>raw payload</th><th /></tr></thead>
              <tbody>
                {data.records.map((r) => (
                  <tr key={r.recordId} data-testid="quarantine-record" data-record={r.recordId} data-landed={r.retried ? 'yes' : 'no'}>
                    <td>{fmtTime(r.receivedAt)}</td><td>{r.source}</td><td>{r.contract}</td><td>{r.reason}</td>
                    <td><pre>{r.raw}</pre></td>
                    <td>
                      {r.retried ? <span className="muted">landed {fmtTime(r.retried.at)}</span> : (
                        <>
                          <button type="button" data-testid="retry-record" disabled={retry.isPending} onClick={() => retry.mutate({ recordIds: [r.recordId] })}>Retry</button>{' '}
                          <button type="button" data-testid="fix-record" onClick={() => { setEditing(r); setDraft(r.raw); }}>Fix and retry…</button>
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {editing && (
        <div className="panel" data-testid="fix-editor">
          <h3>Correct the payload of {editing.recordId.slice(0, 8)} ({editing.reason})</h3>
          <textarea data-testid="fix-raw" rows={4} cols={80} value={draft} onChange={(e) => setDraft(e.target.value)} aria-label="corrected raw payload (JSON)" />
          <div className="dialog-actions">
            <button type="button" onClick={() => setEditing(null)}>Cancel</button>
            <button type="button" className="primary" data-testid="fix-submit" disabled={retry.isPending} onClick={() => retry.mutate({ recordIds: [editing.recordId], fixedRaw: draft })}>
              Validate and retry
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
