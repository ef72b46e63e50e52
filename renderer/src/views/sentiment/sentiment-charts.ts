import type { ExploreResult, ExploreStats } from '../../../../api/research-api';
import type { ChartOption } from '../../components/echart';

/** Annualized realized vol (left axis, %) against daily sentiment and mentions (right axes). */
export function dualAxisOption(result: ExploreResult): ChartOption {
  const dates = result.series.map((p) => p.date);
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 60, right: 110, top: 36, bottom: 70 },
    xAxis: { type: 'category', data: dates, boundaryGap: false },
    yAxis: [
      { type: 'value', name: 'vol %', scale: true },
      { type: 'value', name: 'sentiment', min: -1, max: 1, splitLine: { show: false } },
      { type: 'value', name: 'mentions', offset: 55, splitLine: { show: false }, nameTextStyle: { padding: [0, 0, 0, 40] } },
    ],
    dataZoom: [{ type: 'inside' }, { type: 'slider', bottom: 20 }],
    series: [
      { name: 'realized vol (ann.)', type: 'line', showSymbol: false, data: result.series.map((p) => Number((p.vol * 100).toFixed(4))), yAxisIndex: 0, lineStyle: { width: 1.5 } },
      { name: 'sentiment (t-1)', type: 'line', showSymbol: false, data: result.series.map((p) => p.sentiment), yAxisIndex: 1, lineStyle: { width: 1 }, connectNulls: false },
      { name: 'mentions (t-1)', type: 'bar', data: result.series.map((p) => p.mentions), yAxisIndex: 2, itemStyle: { color: '#8c96a8', opacity: 0.45 } },
    ],
  };
}

/** r_k for k = -10..10 with the +-1.96/sqrt(n) band as two dashed lines. */
export function ccfOption(stats: ExploreStats): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 50, right: 20, top: 30, bottom: 40 },
    xAxis: { type: 'category', name: 'k', data: stats.ccf.map((c) => String(c.lag)) },
    yAxis: { type: 'value', name: 'r_k' },
    series: [
      {
        name: 'r_k = corr(s_t, v_t+k)',
        type: 'bar',
        data: stats.ccf.map((c) => ({
          value: c.r,
          itemStyle: { color: c.r !== null && Math.abs(c.r) > stats.band ? '#d9822b' : '#5b8def' },
        })),
        markLine: {
          symbol: 'none',
          silent: true,
          lineStyle: { type: 'dashed', color: '#888' },
          label: { formatter: '±1.96/√n', position: 'insideEndTop' },
          data: [{ yAxis: stats.band }, { yAxis: -stats.band }],
        },
      },
    ],
  };
}

/** s_t against y_t, one dot per day of the regression sample. */
export function scatterOption(result: ExploreResult): ChartOption {
  return {
    tooltip: { trigger: 'item' },
    grid: { left: 60, right: 20, top: 30, bottom: 40 },
    xAxis: { type: 'value', name: 's_t (sentiment, lag 1)', nameLocation: 'middle', nameGap: 26 },
    yAxis: { type: 'value', name: 'y_t = ln(next variance)', scale: true },
    series: [{ name: 'days', type: 'scatter', symbolSize: 4, data: result.scatter.map((p) => [p.s, p.y]) }],
  };
}
