import { useEffect, useState, type KeyboardEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Num } from '../../components/num';
import { ErrorState, Loading } from '../../components/states';
import { useApi } from '../../shell/api-context';
import { useRouteParams } from '../../shell/router';
import { QueryHistory } from './query-history';
import { ResultChart } from './result-chart';
import { ResultGrid } from './result-grid';
import { TimeTravel } from './time-travel';

const EXAMPLE = `SELECT symbol, date, round(sqrt(252 * next_variance), 4) AS next_day_vol, sentiment_lag1, mentions_lag1
FROM gold.mart_sentiment_volatility
WHERE mentions_lag1 > 0
ORDER BY symbol, date`;
const ROW_LIMITS = [1_000, 10_000, 100_000] as const;

/** SQL lab: read-only SQL over the lake (the engine refuses writes), time travel, grid, chart, history. */
export default function SqlView() {
  const api = useApi();
  const client = useQueryClient();
  const [params, setParams] = useRouteParams();
  const sql = params.get('sql') ?? '';
  const maxRows = Number(params.get('max') ?? 10_000);
  const [draft, setDraft] = useState(sql || EXAMPLE);
  const [tab, setTab] = useState<'grid' | 'chart'>('grid');
  useEffect(() => {
    if (sql) setDraft(sql);
  }, [sql]);

  // The query lives in the URL, so a link reruns it; results are cached per (sql, limit).
  const run = useQuery({
    queryKey: ['sqlRun', sql, maxRows],
    queryFn: () => api.sqlRun({ sql, maxRows }),
    enabled: sql !== '',
    retry: false,
    staleTime: Infinity,
  });
  useEffect(() => {
    if (run.dataUpdatedAt || run.errorUpdatedAt) void client.invalidateQueries({ queryKey: ['sqlHistory'] });
  }, [run.dataUpdatedAt, run.errorUpdatedAt, client]);

  const execute = (text = draft) => {
    const trimmed = text.trim();
    if (!trimmed) return;
    if (trimmed === sql) void run.refetch();
    else setParams({ sql: trimmed });
  };
  const onKey = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      execute();
    }
  };

  const result = run.data;
  return (
    <section data-testid="sql-view" aria-busy={run.isFetching}>
      <div className="view-head">
        <h1>SQL lab</h1>
        <span className="muted">read-only: the engine refuses anything that writes · time travel with <code>layer.table AS OF VERSION n</code></span>
      </div>
      <div className="columns">
        <div className="grow">
          <div className="panel">
            <textarea
              className="sql-editor"
              data-testid="sql-editor"
              aria-label="SQL query (Ctrl+Enter runs it)"
              spellCheck={false}
              value={draft}
              onChange={(e) => setDraft(e.target.value)}
              onKeyDown={onKey}
            />
            <div className="controls">
              <button type="button" className="primary" data-testid="sql-run" onClick={() => execute()} disabled={run.isFetching}>
                {run.isFetching ? 'Running…' : 'Run (Ctrl+Enter)'}
              </button>
              <label>
                row limit
                <select data-testid="sql-max-rows" value={maxRows} onChange={(e) => setParams({ max: e.target.value })}>
                  {ROW_LIMITS.map((n) => (
                    <option key={n} value={n}>
                      {n.toLocaleString('en-US')}
                    </option>
                  ))}
                </select>
              </label>
              <TimeTravel onPick={(text) => setDraft(text)} />
            </div>
          </div>
          {run.isFetching && !result && <Loading what="the query" />}
          {run.error && <ErrorState error={run.error} sql={sql} />}
          {result && !run.error && (
            <div className="panel">
              <div className="controls">
                <span data-testid="sql-summary">
                  <Num value={result.rowCount} testId="sql-row-count" digits={0} /> rows{result.truncated ? ` (limit reached: only the first ${maxRows.toLocaleString('en-US')})` : ''} ·{' '}
                  {result.elapsedMs.toFixed(0)} ms
                  {result.timeTravel.map((t) => ` · ${t.table} at version ${t.version}`).join('')}
                </span>
                <div role="tablist" className="controls">
                  <button type="button" role="tab" aria-selected={tab === 'grid'} data-testid="tab-grid" onClick={() => setTab('grid')}>
                    Grid
                  </button>
                  <button type="button" role="tab" aria-selected={tab === 'chart'} data-testid="tab-chart" onClick={() => setTab('chart')}>
                    Chart
                  </button>
                </div>
              </div>
              {tab === 'grid' ? <ResultGrid result={result} /> : <ResultChart result={result} />}
            </div>
          )}
        </div>
        <aside className="panel history-panel">
          <h2>History</h2>
          <QueryHistory onPick={(text) => { setDraft(text); execute(text); }} />
        </aside>
      </div>
    </section>
  );
}
