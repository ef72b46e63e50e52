import { useEffect, useMemo, useRef } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ExploreRow } from '../../../../api/research-api';
import { EChart, type EChartHandle } from '../../components/echart';
import { Num } from '../../components/num';
import { Empty, ErrorState, Loading } from '../../components/states';
import { objectsToCsv } from '../../lib/csv';
import { downloadDataUrl, downloadText } from '../../lib/download';
import { useApi } from '../../shell/api-context';
import { useRouteParams } from '../../shell/router';
import { ccfOption, dualAxisOption, scatterOption } from './sentiment-charts';
import { CcfTable, GrangerTable, RegressionTable } from './stats-tables';

const CSV_COLUMNS: ReadonlyArray<keyof ExploreRow> = ['date', 'next_date', 'variance', 'next_variance', 'sentiment_lag1', 'mentions_lag1', 'v', 'y', 's', 'log_mentions'];

/** Sentiment vs volatility: one symbol and range, the engine's series and statistics. */
export default function SentimentView() {
  const api = useApi();
  const [params, setParams] = useRouteParams();
  const symbols = useQuery({ queryKey: ['explorerSymbols'], queryFn: () => api.explorerSymbols({}) });
  const symbol = params.get('symbol') ?? undefined;
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;

  // First visit: open on the engine's default (the symbol and range with the most sentiment data)
  // and put it in the URL, so the link shows what the screen shows.
  const fallback = symbols.data?.defaultSelection;
  useEffect(() => {
    if (!symbol && fallback) setParams({ symbol: fallback.symbol, from: fallback.from, to: fallback.to });
  }, [symbol, fallback, setParams]);

  const explore = useQuery({
    queryKey: ['explore', symbol, from, to],
    queryFn: () => api.explore({ symbol: symbol!, ...(from ? { from } : {}), ...(to ? { to } : {}) }),
    enabled: symbol !== undefined,
    placeholderData: keepPreviousData,
  });

  const chart = useRef<EChartHandle>(null);
  const data = explore.data;
  const dual = useMemo(() => (data ? dualAxisOption(data) : undefined), [data]);
  const ccf = useMemo(() => (data?.stats ? ccfOption(data.stats) : undefined), [data]);
  const scatter = useMemo(() => (data ? scatterOption(data) : undefined), [data]);
  const fileStem = data ? `sentiment-${data.symbol}-${data.from ?? 'start'}-${data.to ?? 'end'}` : 'sentiment';

  if (symbols.isPending) return <Loading what="symbols with sentiment data" />;
  if (symbols.error) return <ErrorState error={symbols.error} retry={() => void symbols.refetch()} />;
  if (symbols.data.symbols.length === 0) {
    return (
      <Empty>
        <p>
          No sentiment data in this lake (<code>gold.mart_sentiment_volatility</code> is missing or empty). Run{' '}
          <code>npx fde demo --lake &lt;lake&gt;</code>, or backfill Reddit and run <code>fde models run</code>.
        </p>
      </Empty>
    );
  }

  return (
    <section data-testid="sentiment-view" aria-busy={explore.isFetching}>
      <div className="view-head">
        <h1>Sentiment vs volatility</h1>
        <div className="controls">
          <label>
            symbol
            <select data-testid="explorer-symbol" value={symbol ?? ''} onChange={(e) => setParams({ symbol: e.target.value, from: undefined, to: undefined })}>
              {symbols.data.symbols.map((s) => (
                <option key={s.symbol} value={s.symbol}>
                  {s.symbol} ({s.sentimentDays} days with mentions)
                </option>
              ))}
            </select>
          </label>
          <label>
            from
            <input type="date" data-testid="explorer-from" value={from ?? data?.from ?? ''} onChange={(e) => setParams({ from: e.target.value || undefined })} />
          </label>
          <label>
            to
            <input type="date" data-testid="explorer-to" value={to ?? data?.to ?? ''} onChange={(e) => setParams({ to: e.target.value || undefined })} />
          </label>
          <button type="button" data-testid="export-png" disabled={!data} onClick={() => {
            const url = chart.current?.pngDataUrl();
            if (url) downloadDataUrl(`${fileStem}.png`, url);
          }}>
            Export chart PNG
          </button>
          <button type="button" data-testid="export-csv" disabled={!data} onClick={() => data && downloadText(`${fileStem}.csv`, objectsToCsv(CSV_COLUMNS, data.rows))}>
            Export data CSV
          </button>
        </div>
      </div>
      {explore.isPending && symbol && <Loading what={`${symbol}'s series and statistics`} />}
      {explore.error && <ErrorState error={explore.error} retry={() => void explore.refetch()} />}
      {data && dual && (
        <>
          <div className="panel">
            <h2>
              {data.symbol}: realized volatility, sentiment and mentions{' '}
              <span className="muted">
                {data.from} – {data.to} · n = <Num value={data.stats?.n ?? data.rows.length} testId="explorer-n" digits={0} />
              </span>
            </h2>
            {data.series.length === 0 ? (
              <Empty>
                <p>No rows with positive variance in this range. Widen the dates or pick another symbol.</p>
              </Empty>
            ) : (
              <EChart ref={chart} option={dual} testId="sentiment-chart" label={`${data.symbol} annualized realized volatility with daily sentiment and mentions`} data={{ 'data-points': data.series.length }} />
            )}
          </div>
          {!data.stats ? (
            <Empty>
              <p data-testid="stats-reason">The statistics need more data: {data.reason ?? 'too few rows'}. Widen the date range.</p>
            </Empty>
          ) : (
            <div className="grid-2">
              <div className="panel">
                <h2>Cross-correlation of s_t and v_t+k</h2>
                <p className="muted">
                  bars outside ±<Num value={data.stats.band} testId="ccf-band" digits={4} /> (1.96/√n) are significant at 5%
                </p>
                {ccf && <EChart option={ccf} testId="ccf-chart" className="chart-sm" label="cross-correlation bars for lags -10 to 10" data={{ 'data-points': data.stats.ccf.length }} />}
                <CcfTable stats={data.stats} />
              </div>
              <div className="panel">
                <h2>Regression y_t = a + b·s_t + c·ln(1+m_t) + d·v_t</h2>
                <RegressionTable ols={data.stats.ols} />
                {scatter && <EChart option={scatter} testId="scatter-chart" className="chart-sm" label="scatter of sentiment against next-day log variance" data={{ 'data-points': data.scatter.length }} />}
              </div>
              <div className="panel">
                <h2>Granger causality (lag by AIC, SSR F test)</h2>
                <GrangerTable granger={data.stats.granger} />
              </div>
            </div>
          )}
        </>
      )}
    </section>
  );
}
