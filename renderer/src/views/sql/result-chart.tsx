import { useMemo, useState } from 'react';
import type { SqlResult } from '../../../../api/research-api';
import { EChart, type ChartOption } from '../../components/echart';

type Kind = 'line' | 'bar' | 'scatter';

/** Plots two columns of a result as they are (no aggregation: write that in the SQL). */
export function resultChartOption(result: SqlResult, x: number, y: number, kind: Kind): ChartOption {
  const xCol = result.columns[x]!;
  const yCol = result.columns[y]!;
  const numericX = xCol.kind === 'number';
  const data = result.rows.map((row) => [row[x], row[y]]);
  return {
    tooltip: { trigger: kind === 'scatter' ? 'item' : 'axis' },
    grid: { left: 60, right: 20, top: 30, bottom: 60 },
    xAxis: { type: numericX ? 'value' : xCol.kind === 'date' || xCol.kind === 'timestamp' ? 'time' : 'category', name: xCol.name, scale: true },
    yAxis: { type: 'value', name: yCol.name, scale: true },
    dataZoom: [{ type: 'inside' }, { type: 'slider', bottom: 10 }],
    series: [{ name: yCol.name, type: kind, data, showSymbol: kind === 'scatter', symbolSize: 4, sampling: kind === 'line' ? 'lttb' : undefined, large: true }],
  };
}

export function ResultChart({ result }: { result: SqlResult }) {
  const numeric = result.columns.map((c, i) => ({ c, i })).filter(({ c }) => c.kind === 'number');
  const [x, setX] = useState(0);
  const [y, setY] = useState(numeric.find(({ i }) => i !== 0)?.i ?? numeric[0]?.i ?? 0);
  const [kind, setKind] = useState<Kind>('line');
  const option = useMemo(() => resultChartOption(result, x, y, kind), [result, x, y, kind]);
  if (numeric.length === 0) return <p className="muted">No numeric column to plot. Select one in the SQL.</p>;
  return (
    <div>
      <div className="controls">
        <label>
          x
          <select data-testid="chart-x" value={x} onChange={(e) => setX(Number(e.target.value))}>
            {result.columns.map((c, i) => (
              <option key={c.name} value={i}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          y
          <select data-testid="chart-y" value={y} onChange={(e) => setY(Number(e.target.value))}>
            {numeric.map(({ c, i }) => (
              <option key={c.name} value={i}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          as
          <select data-testid="chart-kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            <option value="line">line</option>
            <option value="bar">bar</option>
            <option value="scatter">scatter</option>
          </select>
        </label>
      </div>
      <EChart option={option} testId="result-chart" className="chart-sm" label={`${result.columns[y]?.name} by ${result.columns[x]?.name}`} data={{ 'data-points': result.rows.length }} />
    </div>
  );
}
