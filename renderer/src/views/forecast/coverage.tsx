import type { FanChart } from '../../../../api/research-api';
import { fmtPct } from '../../lib/format';

/** Empirical coverage of the 80% and 95% intervals, as the engine counted it. */
export function CoverageKpis({ fan, prefix }: { fan: FanChart; prefix: string }) {
  return (
    <div className="kpis">
      {([['80', fan.coverage.p80], ['95', fan.coverage.p95]] as const).map(([level, c]) => (
        <div className="kpi" key={level}>
          <b data-testid={`${prefix}coverage-${level}`} data-value={c.share ?? ''} data-inside={c.inside} data-n={c.n}>
            {fmtPct(c.share)}
          </b>
          <span>
            {level}% interval: {c.inside} of {c.n} days inside
          </span>
        </div>
      ))}
      <div className="kpi">
        <b>{fan.intervalMethod === 'lake-lognormal' ? 'stored 90%' : 'empirical'}</b>
        <span>interval source (log-normal)</span>
      </div>
    </div>
  );
}
