import { useMemo } from 'react';
import type { FanChart } from '../../../../api/research-api';
import { EChart } from '../../components/echart';
import { Empty } from '../../components/states';
import { CoverageKpis } from './coverage';
import { fanOption } from './fan-chart';

/** One run: coverage of its intervals and its fan chart. `prefix` keeps test ids apart when two are shown. */
export function FanPanel({ fan, prefix = '', compact = false }: { fan: FanChart; prefix?: string; compact?: boolean }) {
  const option = useMemo(() => fanOption(fan), [fan]);
  return (
    <div className="panel">
      <h2>
        {fan.symbol} · {fan.model} · h{fan.horizon} <span className="muted">run {fan.runId}</span>
      </h2>
      <CoverageKpis fan={fan} prefix={prefix} />
      {fan.points.length === 0 ? (
        <Empty>
          <p>This run has no forecasts in gold.vol_forecasts.</p>
        </Empty>
      ) : (
        <EChart option={option} testId={`${prefix}fan-chart`} className={compact ? 'chart-sm' : 'chart'} label={`${fan.model} forecast with 80% and 95% intervals against realized volatility`} data={{ 'data-points': fan.points.length }} />
      )}
    </div>
  );
}
