import { useMemo } from 'react';
import type { SymbolSeries } from '../../../api/workstation-api';
import { symbolChartOption } from './chart-options';
import { EChart } from './echart';

export function SymbolChart({ series }: { series: SymbolSeries }) {
  const option = useMemo(() => symbolChartOption(series), [series]);
  return (
    <EChart
      option={option}
      testId="symbol-chart"
      label={`${series.symbol} close price and annualized volatility`}
      data={{ 'data-points': series.points.length }}
    />
  );
}
