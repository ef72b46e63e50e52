import { useQuery } from '@tanstack/react-query';
import { ErrorState } from '../../components/states';
import { fmtTime } from '../../lib/format';
import { useApi } from '../../shell/api-context';

/** Past queries as the engine recorded them (newest first); a click runs one again. */
export function QueryHistory({ onPick }: { onPick: (sql: string) => void }) {
  const api = useApi();
  const history = useQuery({ queryKey: ['sqlHistory'], queryFn: () => api.sqlHistory({ limit: 100 }) });
  if (history.error) return <ErrorState error={history.error} />;
  const entries = history.data?.entries ?? [];
  if (entries.length === 0) return <p className="muted">Queries you run appear here.</p>;
  return (
    <ul className="history" data-testid="sql-history">
      {entries.map((e) => (
        <li key={e.id} data-testid="history-entry" data-ok={e.ok}>
          <button type="button" onClick={() => onPick(e.sql)} title={e.sql}>
            {e.sql}
          </button>
          <span className={e.ok ? 'muted' : 'error'}>
            {fmtTime(e.at)} · {e.ok ? `${e.rowCount ?? 0} rows, ${Math.round(e.elapsedMs ?? 0)} ms` : e.error}
          </span>
        </li>
      ))}
    </ul>
  );
}
