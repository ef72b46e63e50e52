import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { WorkstationApi } from '../../../api/workstation-api';
import { SymbolChart } from '../components/symbol-chart';
import { TablesPanel } from '../components/tables-panel';
import { useApi } from '../shell/api-context';

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

/** The landing route: the Overview over this window's API. */
export function OverviewView() {
  return <Overview api={useApi()} />;
}

export function Overview({ api }: { api: WorkstationApi }) {
  const status = useQuery({ queryKey: ['lakeStatus'], queryFn: () => api.getLakeStatus({}) });
  const tables = useQuery({ queryKey: ['tables'], queryFn: () => api.listTables({}) });
  const symbols = useQuery({ queryKey: ['symbols'], queryFn: () => api.listSymbols({}) });
  const [symbol, setSymbol] = useState<string | undefined>();

  useEffect(() => {
    const first = symbols.data?.find((s) => s.symbol === 'MSFT') ?? symbols.data?.[0];
    if (!symbol && first) setSymbol(first.symbol);
  }, [symbols.data, symbol]);

  const series = useQuery({
    queryKey: ['series', symbol],
    queryFn: () => api.getSymbolSeries({ symbol: symbol!, maxPoints: 3000 }),
    enabled: symbol !== undefined,
  });

  return (
    <div className="overview">
      <header>
        <h1>Overview</h1>
        {status.data && (
          <span className="muted" data-testid="lake-status">
            {status.data.uri} · {status.data.tables} tables · {status.data.totalRecords.toLocaleString('en-US')} rows
          </span>
        )}
      </header>
      {(status.error ?? tables.error) && <p className="error">{String((status.error ?? tables.error)?.message)}</p>}
      <div className="columns">
        <section className="panel">
          <h2>Lake tables</h2>
          {tables.data && <TablesPanel tables={tables.data} />}
        </section>
        <section className="panel grow">
          <div className="chart-head">
            <h2>Price and volatility</h2>
            <label>
              symbol{' '}
              <select data-testid="symbol-select" value={symbol ?? ''} onChange={(e) => setSymbol(e.target.value)}>
                {(symbols.data ?? []).map((s) => (
                  <option key={s.symbol} value={s.symbol}>
                    {s.symbol} ({s.firstDate} – {s.lastDate})
                  </option>
                ))}
              </select>
            </label>
            {series.data?.nextForecast && (
              <span className="badge" data-testid="next-forecast">
                next day {series.data.nextForecast.date}: {pct(series.data.nextForecast.vol)} ({series.data.nextForecast.model})
              </span>
            )}
          </div>
          {series.error && <p className="error">{series.error.message}</p>}
          {series.data && series.data.points.length > 0 && <SymbolChart series={series.data} />}
          {symbols.data && symbols.data.length === 0 && (
            <p className="muted" data-testid="state-empty">
              No gold series yet: run <code>npx fde demo --lake &lt;lake&gt;</code> to fill this lake, or open one that has data.
            </p>
          )}
        </section>
      </div>
    </div>
  );
}
