import type { FanChart } from '../../../../api/research-api';
import type { ChartOption } from '../../components/echart';
import { bandSeries } from '../../components/band-series';

const pct = (v: number | null) => (v === null ? null : Number((v * 100).toFixed(4)));

/** Forecast vol with its 95% and 80% intervals (nested bands) against realized vol, in percent. */
export function fanOption(fan: FanChart): ChartOption {
  const p = fan.points;
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: ['95% interval', '80% interval', `forecast (${fan.model})`, 'realized'] },
    grid: { left: 55, right: 20, top: 36, bottom: 70 },
    xAxis: { type: 'category', data: p.map((x) => x.date), boundaryGap: false },
    yAxis: { type: 'value', name: 'ann. vol %', scale: true },
    dataZoom: [{ type: 'inside' }, { type: 'slider', bottom: 20 }],
    series: [
      ...bandSeries('95% interval', p.map((x) => [pct(x.lower95), pct(x.upper95)]), '#5b8def', 0.15, 'b95'),
      ...bandSeries('80% interval', p.map((x) => [pct(x.lower80), pct(x.upper80)]), '#5b8def', 0.3, 'b80'),
      { name: `forecast (${fan.model})`, type: 'line', showSymbol: false, data: p.map((x) => pct(x.forecastVol)), lineStyle: { width: 1.5 } },
      { name: 'realized', type: 'line', showSymbol: false, data: p.map((x) => pct(x.realizedVol)), lineStyle: { width: 1 }, itemStyle: { color: '#d9822b' } },
    ],
  };
}
