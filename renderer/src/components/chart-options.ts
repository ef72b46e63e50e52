import type { SymbolSeries } from '../../../api/workstation-api';

/** ECharts option for price (left axis) against realized and forecast volatility (right axis). */
export function symbolChartOption(series: SymbolSeries) {
  const dates = series.points.map((p) => p.date);
  const pct = (v: number | null) => (v === null ? null : Number((v * 100).toFixed(3)));
  const line = (name: string, data: Array<number | null>, yAxisIndex: number, extra: Record<string, unknown> = {}) => ({
    name,
    type: 'line' as const,
    data,
    yAxisIndex,
    showSymbol: false,
    sampling: 'lttb' as const,
    connectNulls: false,
    ...extra,
  });
  return {
    animation: false,
    tooltip: { trigger: 'axis' as const },
    legend: { top: 0 },
    grid: { left: 60, right: 60, top: 36, bottom: 70 },
    xAxis: { type: 'category' as const, data: dates, boundaryGap: false },
    yAxis: [
      { type: 'value' as const, name: 'close', scale: true },
      { type: 'value' as const, name: 'vol %', scale: true, splitLine: { show: false } },
    ],
    dataZoom: [{ type: 'inside' as const }, { type: 'slider' as const, bottom: 20 }],
    series: [
      line('close', series.points.map((p) => p.close), 0, { lineStyle: { width: 1.5 } }),
      line('realized vol (ann.)', series.points.map((p) => pct(p.realizedVol)), 1, { lineStyle: { width: 1 } }),
      line(`forecast vol${series.model ? ` (${series.model})` : ''}`, series.points.map((p) => pct(p.forecastVol)), 1, {
        lineStyle: { width: 1, type: 'dashed' },
      }),
    ],
  };
}
