import type { EventStudyResult } from '../../../../api/research-api';
import type { ChartOption } from '../../components/echart';
import { bandSeries } from '../../components/band-series';

/** Mean abnormal log variance per event day with its 95% confidence band. */
export function eventStudyOption(result: EventStudyResult): ChartOption {
  const days = result.days.map((d) => String(d.day));
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: ['mean abnormal log variance', '95% CI'] },
    grid: { left: 60, right: 20, top: 36, bottom: 40 },
    xAxis: { type: 'category', name: 'day', data: days, boundaryGap: false },
    yAxis: { type: 'value', name: 'abnormal ln variance', scale: true },
    series: [
      ...bandSeries('95% CI', result.days.map((d) => [d.lower, d.upper]), '#5b8def', 0.2),
      {
        name: 'mean abnormal log variance',
        type: 'line',
        data: result.days.map((d) => d.mean),
        showSymbol: true,
        symbolSize: 5,
        lineStyle: { width: 2 },
        markLine: { symbol: 'none', silent: true, lineStyle: { type: 'dashed', color: '#888' }, data: [{ yAxis: 0 }, { xAxis: '0' }] },
      },
    ],
  };
}
