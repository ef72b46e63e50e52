import { describe, expect, it } from 'vitest';
import { symbolChartOption } from './chart-options';

describe('symbolChartOption', () => {
  it('puts price on the left axis and volatility in percent on the right', () => {
    const option = symbolChartOption({
      symbol: 'MSFT',
      totalDays: 2,
      model: 'ewma',
      nextForecast: null,
      points: [
        { date: '2000-09-27', close: 60.625, logReturn: null, realizedVol: null, forecastVol: null },
        { date: '2000-09-28', close: 61.3125, logReturn: 0.0113, realizedVol: 0.4512, forecastVol: 0.5 },
      ],
    });
    expect(option.xAxis.data).toEqual(['2000-09-27', '2000-09-28']);
    expect(option.series.map((s) => [s.name, s.yAxisIndex])).toEqual([
      ['close', 0],
      ['realized vol (ann.)', 1],
      ['forecast vol (ewma)', 1],
    ]);
    expect(option.series[1]!.data).toEqual([null, 45.12]);
    expect(option.series[2]!.data).toEqual([null, 50]);
  });
});
