import { useEffect } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ForecastRun } from '../../../../api/research-api';
import { Empty, ErrorState, Loading } from '../../components/states';
import { useApi } from '../../shell/api-context';
import { useRouteParams } from '../../shell/router';
import { CompareRuns } from './compare-runs';
import { FanPanel } from './fan-panel';
import { ScoresTable } from './scores-table';

const runLabel = (r: ForecastRun) => `${r.model}${r.champion ? ' ★' : ''} · ${r.runId.slice(0, 8)}${r.createdAt ? ` · ${r.createdAt.slice(0, 10)}` : ''}`;

/** Forecast lab: a run's fan chart and coverage, every model's losses, and two runs side by side. */
export default function ForecastView() {
  const api = useApi();
  const [params, setParams] = useRouteParams();
  const catalog = useQuery({ queryKey: ['forecastCatalog'], queryFn: () => api.forecastCatalog({}) });
  const runs = catalog.data?.runs ?? [];
  // Default: MSFT's one-day champion (the Overview's symbol), else the first backtested symbol's.
  const champions = runs.filter((r) => r.champion && r.horizon === 1);
  const defaultRun = champions.find((r) => r.symbol === 'MSFT') ?? champions[0] ?? runs[0];
  const symbol = params.get('symbol') ?? defaultRun?.symbol;
  const horizon = Number(params.get('h') ?? defaultRun?.horizon ?? 1);
  const choices = runs.filter((r) => r.symbol === symbol && r.horizon === horizon);
  const runId = params.get('run') ?? choices.find((r) => r.champion)?.runId ?? choices[0]?.runId;
  const compareId = params.get('compare') ?? undefined;

  useEffect(() => {
    if (!params.get('symbol') && defaultRun) setParams({ symbol: defaultRun.symbol, h: String(defaultRun.horizon) });
  }, [params, defaultRun, setParams]);

  const fan = useQuery({
    queryKey: ['forecastFan', symbol, horizon, runId],
    queryFn: () => api.forecastFan({ symbol: symbol!, horizon, runId: runId! }),
    enabled: symbol !== undefined && runId !== undefined,
    placeholderData: keepPreviousData,
  });
  const scores = useQuery({
    queryKey: ['forecastScores', symbol, horizon],
    queryFn: () => api.forecastScores({ symbol: symbol!, horizon }),
    enabled: symbol !== undefined,
  });

  if (catalog.isPending) return <Loading what="forecast runs" />;
  if (catalog.error) return <ErrorState error={catalog.error} retry={() => void catalog.refetch()} />;
  if (runs.length === 0) {
    return (
      <Empty>
        <p>
          No forecasts in this lake. Run <code>npx fde demo --lake &lt;lake&gt;</code>, or <code>fde forecast backtest</code> for a symbol.
        </p>
      </Empty>
    );
  }

  const symbols = catalog.data.symbols;
  const horizons = [...new Set(runs.filter((r) => r.symbol === symbol).map((r) => r.horizon))].sort((a, b) => a - b);
  return (
    <section data-testid="forecast-view" aria-busy={fan.isFetching || scores.isFetching}>
      <div className="view-head">
        <h1>Forecast lab</h1>
        <div className="controls">
          <label>
            symbol
            <select data-testid="forecast-symbol" value={symbol} onChange={(e) => setParams({ symbol: e.target.value, run: undefined, compare: undefined })}>
              {symbols.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
          <label>
            horizon
            <select data-testid="forecast-horizon" value={horizon} onChange={(e) => setParams({ h: e.target.value, run: undefined, compare: undefined })}>
              {horizons.map((h) => (
                <option key={h} value={h}>
                  {h} day{h > 1 ? 's' : ''}
                </option>
              ))}
            </select>
          </label>
          <label>
            run
            <select data-testid="forecast-run" value={runId} onChange={(e) => setParams({ run: e.target.value })}>
              {choices.map((r) => (
                <option key={r.runId} value={r.runId}>
                  {runLabel(r)}
                </option>
              ))}
            </select>
          </label>
          <label>
            compare with
            <select data-testid="forecast-compare" value={compareId ?? ''} onChange={(e) => setParams({ compare: e.target.value || undefined })}>
              <option value="">—</option>
              {runs
                .filter((r) => r.symbol === symbol && r.runId !== runId)
                .map((r) => (
                  <option key={r.runId} value={r.runId}>
                    {runLabel(r)} (h{r.horizon})
                  </option>
                ))}
            </select>
          </label>
        </div>
      </div>
      {fan.isPending && runId && <Loading what="the fan chart" />}
      {fan.error && <ErrorState error={fan.error} retry={() => void fan.refetch()} />}
      {fan.data && <FanPanel fan={fan.data} />}
      <div className="panel">
        <h2>Models on {symbol}, horizon {horizon}</h2>
        {scores.isPending && <Loading what="model scores" />}
        {scores.error && <ErrorState error={scores.error} retry={() => void scores.refetch()} />}
        {scores.data && <ScoresTable scores={scores.data} />}
      </div>
      {compareId && runId && symbol && <CompareRuns runA={runId} runB={compareId} symbol={symbol} />}
    </section>
  );
}
