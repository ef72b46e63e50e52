import { useQuery } from '@tanstack/react-query';
import { useApi } from './api-context';

/** "2026-12-05T17:30:00.000Z" -> "2026-12-05 17:30 UTC" (the status bar is narrow). */
const shortTime = (iso: string) => iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');

/** The lake this window reads and how fresh it is; the Overview explains an empty lake. */
export function StatusBar() {
  const api = useApi();
  const status = useQuery({ queryKey: ['lakeStatus'], queryFn: () => api.getLakeStatus({}) });
  // Freshness is extra: if it fails the bar still names the lake.
  const fresh = useQuery({ queryKey: ['lakeFreshness'], queryFn: () => api.lakeFreshness({}), retry: false });
  return (
    <footer className="status-bar" data-testid="status-bar">
      {status.error ? (
        <span className="error">engine: {status.error.message}</span>
      ) : status.data ? (
        <>
          <span title="lake URI" data-testid="status-lake">
            lake {status.data.uri}
          </span>
          <span>
            {status.data.tables} tables · {status.data.totalRecords.toLocaleString('en-US')} rows
          </span>
          {status.data.tables === 0 && (
            <span className="error">
              empty lake: run <code>npx fde demo --lake {status.data.uri}</code>
            </span>
          )}
          {fresh.data?.latestCommitAt && (
            <span title={`newest commit: ${fresh.data.latestTable ?? ''}`} data-testid="status-commit">
              updated {shortTime(fresh.data.latestCommitAt)}
            </span>
          )}
          {fresh.data?.dataDate && (
            <span className="fresh" data-testid="status-data-date">
              data through {fresh.data.dataDate}
            </span>
          )}
        </>
      ) : (
        <span>connecting to the engine…</span>
      )}
    </footer>
  );
}
