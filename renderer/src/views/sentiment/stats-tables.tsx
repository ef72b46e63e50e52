import type { ExploreStats, GrangerTest } from '../../../../api/research-api';
import { Num } from '../../components/num';

const TERMS = [
  ['const', 'a (constant)'],
  ['sentiment', 'b · s_t'],
  ['log_mentions', 'c · ln(1+m_t)'],
  ['log_variance', 'd · v_t'],
] as const;

/** y_t = a + b s_t + c ln(1+m_t) + d v_t with Newey-West standard errors, as the engine fitted it. */
export function RegressionTable({ ols }: { ols: ExploreStats['ols'] }) {
  return (
    <>
      <table className="stats" data-testid="ols-table">
        <thead>
          <tr>
            <th>term</th>
            <th className="num">coef</th>
            <th className="num">NW se</th>
            <th className="num">t</th>
            <th className="num">p</th>
          </tr>
        </thead>
        <tbody>
          {TERMS.map(([key, label]) => (
            <tr key={key}>
              <td>{label}</td>
              <td className="num"><Num value={ols.coef[key]} testId={`ols-coef-${key}`} digits={5} /></td>
              <td className="num"><Num value={ols.se[key]} testId={`ols-se-${key}`} digits={5} /></td>
              <td className="num"><Num value={ols.t[key]} testId={`ols-t-${key}`} digits={3} /></td>
              <td className={`num${ols.p[key] !== null && ols.p[key]! < 0.05 ? ' sig' : ''}`}><Num value={ols.p[key]} testId={`ols-p-${key}`} p /></td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        R² <Num value={ols.r2} testId="ols-r2" digits={4} /> · n <Num value={ols.n} testId="ols-n" digits={0} /> · HAC lags{' '}
        <Num value={ols.hac_lags} testId="ols-hac-lags" digits={0} /> (Bartlett kernel, no small-sample correction)
      </p>
    </>
  );
}

function GrangerRow({ label, id, test }: { label: string; id: string; test: GrangerTest }) {
  return (
    <tr>
      <td>{label}</td>
      <td className="num"><Num value={test.lag} testId={`granger-${id}-lag`} digits={0} /></td>
      <td className="num"><Num value={test.F} testId={`granger-${id}-F`} digits={4} /></td>
      <td className={`num${test.p !== null && test.p < 0.05 ? ' sig' : ''}`}><Num value={test.p} testId={`granger-${id}-p`} p /></td>
      <td className="num">
        <Num value={test.df_num} testId={`granger-${id}-df-num`} digits={0} />, <Num value={test.df_den} testId={`granger-${id}-df-den`} digits={0} />
      </td>
    </tr>
  );
}

export function GrangerTable({ granger }: { granger: ExploreStats['granger'] }) {
  return (
    <table className="stats" data-testid="granger-table">
      <thead>
        <tr>
          <th>H0: no Granger causality</th>
          <th className="num">lag (AIC)</th>
          <th className="num">F</th>
          <th className="num">p</th>
          <th className="num">df</th>
        </tr>
      </thead>
      <tbody>
        <GrangerRow label="sentiment → volatility" id="s2v" test={granger.sentiment_to_volatility} />
        <GrangerRow label="volatility → sentiment" id="v2s" test={granger.volatility_to_sentiment} />
      </tbody>
    </table>
  );
}

/** The CCF values behind the bar chart, for reading exact numbers. */
export function CcfTable({ stats }: { stats: ExploreStats }) {
  return (
    <details>
      <summary className="muted">CCF values</summary>
      <table className="stats" data-testid="ccf-table">
        <thead>
          <tr>
            <th>k</th>
            <th className="num">r_k</th>
          </tr>
        </thead>
        <tbody>
          {stats.ccf.map((c) => (
            <tr key={c.lag}>
              <td>{c.lag}</td>
              <td className="num"><Num value={c.r} testId={`ccf-${c.lag}`} digits={4} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
